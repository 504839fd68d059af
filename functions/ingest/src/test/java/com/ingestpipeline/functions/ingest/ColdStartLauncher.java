package com.ingestpipeline.functions.ingest;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-process entry point for the cold-start benchmark: constructs a handler class the way the Lambda runtime
 * does (public no-arg constructor, configuration from the environment), hands it one event from a file, prints
 * {@code RESULT <output>} and exits. {@link IngestBenchmark} times the whole process from spawn to that line.
 */
public final class ColdStartLauncher {
    private ColdStartLauncher() {
    }

    public static void main(String[] args) throws Exception {
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1]))), out, null);
        System.out.println("RESULT " + out.toString(StandardCharsets.UTF_8));
        System.out.flush();
        // Skip shutdown work (the runtime freezes the sandbox rather than exiting anyway).
        Runtime.getRuntime().halt(0);
    }

    /** The floor: a handler that does nothing but read its input and answer. */
    public static final class TrivialHandler implements RequestStreamHandler {
        @Override
        public void handleRequest(java.io.InputStream input, java.io.OutputStream output,
                                  com.amazonaws.services.lambda.runtime.Context context) throws java.io.IOException {
            input.readAllBytes();
            output.write("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        }
    }
}
