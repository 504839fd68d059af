package com.ingestpipeline.e2e.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Packs the API-call recorder ({@code com.ingestpipeline.e2e.recorder.RecordingInterceptor}, built from this
 * project's src/main) into a small jar for a child JVM, the way a Lambda layer adds code beside a function: the
 * SDK finds it through {@code software/amazon/awssdk/global/handlers/execution.interceptors}, written only into
 * this jar (not into this project's classes, or the test JVM's own S3 client would load it). Each jar carries
 * its own {@code e2e-recorder.properties} (where to write, which process), so the child's environment is
 * untouched.
 */
public final class ApiCallRecorder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INTERCEPTOR = "com.ingestpipeline.e2e.recorder.RecordingInterceptor";

    private final Path log;
    private final String source;

    /** One recorded call: which process made it, service, operation, request members, HTTP status, error. */
    public record ApiCall(String source, String service, String operation, Map<String, String> request, int status,
                          String error) {
        public String member(String name) {
            return request.get(name);
        }
    }

    public ApiCallRecorder(Path log, String source) {
        this.log = log;
        this.source = source;
    }

    /** Writes the recorder jar to {@code jar}. */
    public Path writeJar(Path jar) {
        Path classes = Path.of(System.getProperty("e2e.recorderClasses", "target/classes"));
        if (!Files.isRegularFile(classes.resolve("com/ingestpipeline/e2e/recorder/RecordingInterceptor.class"))) {
            throw new IllegalStateException("recorder classes not built under " + classes);
        }
        try {
            Files.createDirectories(jar.getParent());
            Files.createDirectories(log.getParent());
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
                 Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    j.write(Files.readAllBytes(f));
                    j.closeEntry();
                }
                j.putNextEntry(new JarEntry("software/amazon/awssdk/global/handlers/execution.interceptors"));
                j.write((INTERCEPTOR + "\n").getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
                j.putNextEntry(new JarEntry("e2e-recorder.properties"));
                j.write(("log=" + log.toAbsolutePath() + "\nsource=" + source + "\n").getBytes(StandardCharsets.ISO_8859_1));
                j.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every call recorded so far. */
    public List<ApiCall> calls() {
        if (!Files.exists(log)) {
            return List.of();
        }
        try {
            List<ApiCall> out = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                Map<String, String> request = new TreeMap<>();
                n.path("request").fields().forEachRemaining(e -> request.put(e.getKey(), e.getValue().asText()));
                out.add(new ApiCall(n.path("source").asText(), n.path("service").asText(), n.path("operation").asText(),
                        request, n.path("status").asInt(), n.path("error").isNull() ? null : n.path("error").asText()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
