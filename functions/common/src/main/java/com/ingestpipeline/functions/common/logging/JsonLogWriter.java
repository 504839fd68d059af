package com.ingestpipeline.functions.common.logging;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/** Formats log events as single-line JSON and writes them, one {@code println} per event (atomic per line). */
final class JsonLogWriter {
    private final PrintStream out;
    private final String service;
    private final Level level;

    JsonLogWriter(PrintStream out, String service, Level level) {
        this.out = out;
        this.service = service;
        this.level = level;
    }

    static JsonLogWriter fromEnvironment(Map<String, String> env, PrintStream out) {
        String service = env.getOrDefault("POWERTOOLS_SERVICE_NAME", "ingest-pipeline");
        String raw = env.getOrDefault("POWERTOOLS_LOG_LEVEL", env.getOrDefault("LOG_LEVEL", "INFO"));
        Level level;
        try {
            level = Level.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            level = Level.INFO;
        }
        return new JsonLogWriter(out, service, level);
    }

    /** Our own code (and Flyway, whose migration lines matter) at the configured level; libraries at WARN at least. */
    Level thresholdFor(String loggerName) {
        boolean ours = loggerName.startsWith("com.ingestpipeline.") || loggerName.startsWith("org.flywaydb.");
        if (ours || level.toInt() >= Level.WARN.toInt()) {
            return level;
        }
        return Level.WARN;
    }

    void write(Level eventLevel, String logger, String message, Map<String, String> context,
               List<KeyValuePair> pairs, Throwable thrown) {
        StringBuilder b = new StringBuilder(256);
        b.append('{');
        field(b, "timestamp", Instant.now().toString());
        b.append(',');
        field(b, "level", eventLevel.name());
        b.append(',');
        field(b, "service", service);
        b.append(',');
        field(b, "logger", logger);
        b.append(',');
        field(b, "message", message);
        if (context != null) {
            context.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                b.append(',');
                field(b, e.getKey(), e.getValue());
            });
        }
        for (KeyValuePair p : pairs) {
            b.append(',');
            field(b, p.key, p.value == null ? null : String.valueOf(p.value));
        }
        if (thrown != null) {
            StringWriter stack = new StringWriter();
            thrown.printStackTrace(new PrintWriter(stack));
            b.append(",\"error\":{");
            field(b, "name", thrown.getClass().getName());
            b.append(',');
            field(b, "message", thrown.getMessage());
            b.append(',');
            field(b, "stack", stack.toString());
            b.append('}');
        }
        b.append('}');
        out.println(b);
    }

    private static void field(StringBuilder b, String name, String value) {
        quote(b, name);
        b.append(':');
        if (value == null) {
            b.append("null");
        } else {
            quote(b, value);
        }
    }

    static void quote(StringBuilder b, String s) {
        b.append('"');
        // Jackson's encoder: the JSON escaping rules in one well-tested place (quotes, backslash, control characters).
        JsonStringEncoder.getInstance().quoteAsString(s, b);
        b.append('"');
    }
}
