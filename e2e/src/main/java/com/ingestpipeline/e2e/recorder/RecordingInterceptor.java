package com.ingestpipeline.e2e.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS API call a child JVM (the ingest function, the worker) makes, one JSON line per call:
 * service, operation, the request's string members (bucket, key, version id, secret id, ARNs, task token)
 * and whether it succeeded. The end-to-end test maps these to IAM actions and resources and evaluates them
 * against the plan's policies.
 *
 * <p>Loaded by the SDK itself from {@code software/amazon/awssdk/global/handlers/execution.interceptors} on the
 * child's classpath, the mechanism the SDK offers for exactly this, so the production code carries no test hook.
 * Where to write comes from {@code e2e-recorder.properties} beside this class on the classpath (written by the
 * test), so the child's environment stays the plan's.
 */
public final class RecordingInterceptor implements ExecutionInterceptor {
    /** Members that carry payloads, not resources: never copied into the log. */
    private static final java.util.Set<String> PAYLOAD_MEMBERS =
            java.util.Set.of("input", "output", "cause", "SecretString", "SecretBinary", "Body");

    private final Path log;
    private final String source;

    public RecordingInterceptor() {
        Properties p = new Properties();
        try (InputStream in = RecordingInterceptor.class.getResourceAsStream("/e2e-recorder.properties")) {
            if (in == null) {
                throw new IllegalStateException("e2e-recorder.properties is not on the classpath beside the recorder");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.log = Path.of(p.getProperty("log"));
        this.source = p.getProperty("source", "unknown");
    }

    /**
     * The ingest function's init-phase priming (functions/ingest Priming) calls throw-away clients whose HTTP client
     * answers in memory for this host: those calls never leave the JVM, so they are not API calls to authorise.
     */
    static final String PRIMING_HOST = "priming.invalid";

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!PRIMING_HOST.equals(context.httpRequest().host())) {
            write(context.request(), attributes, context.httpResponse().statusCode(), null);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.httpRequest().map(r -> PRIMING_HOST.equals(r.host())).orElse(false)) {
            return;
        }
        int status = context.httpResponse().map(r -> r.statusCode()).orElse(0);
        write(context.request(), attributes, status, context.exception().getClass().getSimpleName());
    }

    private void write(SdkRequest request, ExecutionAttributes attributes, int status, String error) {
        StringBuilder line = new StringBuilder(256).append('{');
        field(line, "source", source).append(',');
        field(line, "service", attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)).append(',');
        field(line, "operation", attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)).append(',');
        line.append("\"status\":").append(status).append(',');
        field(line, "error", error).append(",\"request\":{");
        boolean first = true;
        for (SdkField<?> f : request.sdkFields()) {
            Object value = f.getValueOrDefault(request);
            if (value instanceof String s && !PAYLOAD_MEMBERS.contains(f.memberName())) {
                if (!first) {
                    line.append(',');
                }
                field(line, f.memberName(), s);
                first = false;
            }
        }
        line.append("}}\n");
        try {
            synchronized (RecordingInterceptor.class) {
                Files.writeString(log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record API call to " + log, e);
        }
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        if (value == null) {
            return b.append("null");
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
