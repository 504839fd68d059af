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
 * {@code RESULT <output>} and exits. {@link IngestBenchmark} times the whole process from spawn to that line. A handler
 * that is a CRaC {@link org.crac.Resource} gets SnapStart's checkpoint and restore calls between init and the event, so
 * {@code PHASES <init ms> <first event ms>} splits the run where a SnapStart snapshot would.
 */
public final class ColdStartLauncher {
    private ColdStartLauncher() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        if (handler instanceof org.crac.Resource resource) {
            // SnapStart's snapshot point: what the runtime calls once init is done; the first event below is then what
            // a restored environment pays beyond the platform's restore.
            resource.beforeCheckpoint(null);
            resource.afterRestore(null);
        }
        long t1 = System.nanoTime();
        // Marks the end of init in a -Xlog:class+load trace (IngestBenchmark record-classes).
        Class.forName(InitDone.class.getName());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1]))), out, null);
        long t2 = System.nanoTime();
        // Init (constructor) and first-invoke times, so the benchmark can say where a cold start goes.
        System.out.println("PHASES " + (t1 - t0) / 1_000_000 + " " + (t2 - t1) / 1_000_000);
        System.out.println("RESULT " + out.toString(StandardCharsets.UTF_8));
        System.out.flush();
        // Skip shutdown work (the runtime freezes the sandbox rather than exiting anyway).
        Runtime.getRuntime().halt(0);
    }

    /** Loaded right after init; never used. */
    static final class InitDone {
        private InitDone() {
        }
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
