package com.ingestpipeline.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The README's settings table, generated from {@link SettingsSchema}. A test fails when the README
 * is stale; {@code java ... SettingsTable README.md} rewrites the part between the markers.
 */
public final class SettingsTable {
    public static final String BEGIN = "<!-- settings:begin -->";
    public static final String END = "<!-- settings:end -->";

    private SettingsTable() {
    }

    /** The Markdown table: Key | Type | Default | Description. */
    public static String markdown() {
        StringBuilder out = new StringBuilder("| Key (`ingest-pipeline:`) | Type | Default | Description |\n|---|---|---|---|\n");
        for (SettingsSchema.Setting s : SettingsSchema.all()) {
            out.append("| `").append(s.key()).append("` | ").append(s.type().yamlName()).append(" | ")
                .append(format(s.defaultValue())).append(" | ").append(s.description().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    private static String format(Object value) {
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "`[]`" : "`[" + list.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ")) + "]`";
        }
        String text = String.valueOf(value);
        return text.isEmpty() ? "(none)" : "`" + text + "`";
    }

    /** Rewrites the table between the markers of the given README. */
    public static void main(String[] args) throws IOException {
        Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
        String text = Files.readString(readme);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(readme + " has no " + BEGIN + " ... " + END + " section");
        }
        Files.writeString(readme, text.substring(0, begin + BEGIN.length()) + "\n" + markdown() + text.substring(end));
    }
}
