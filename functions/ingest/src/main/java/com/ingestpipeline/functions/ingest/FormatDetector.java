package com.ingestpipeline.functions.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Decides from an object's name, content type and first bytes whether it is CSV, TSV or JSON Lines (each
 * optionally gzip), and reads its header. Works on a sample: the caller reads only the first {@link #SAMPLE_BYTES}.
 */
final class FormatDetector {
    /** How much of an object is read to detect its format; enough for any sensible header line. */
    static final int SAMPLE_BYTES = 16 * 1024;
    /** Decompressed bytes looked at; a gzip sample can expand well beyond its size. */
    private static final int MAX_INFLATED = 64 * 1024;
    private static final Set<String> KNOWN_EXTENSIONS = Set.of("csv", "tsv", "tab", "jsonl", "ndjson", "json", "txt", "");

    FormatDetector() {
    }

    /** Either a detected format ({@code reason == null}) or a rejection reason. */
    record Result(String format, String compression, List<String> columns, String reason) {
        static Result rejected(String reason) {
            return new Result(null, null, null, reason);
        }

        boolean accepted() {
            return reason == null;
        }
    }

    /**
     * @param sample   the first bytes of the object
     * @param complete true when {@code sample} is the whole object
     */
    Result detect(String key, String contentType, byte[] sample, boolean complete) {
        String name = key.substring(key.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        boolean gzipByName = name.endsWith(".gz") || name.endsWith(".gzip");
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean gzipByType = ct.startsWith("application/gzip") || ct.startsWith("application/x-gzip");
        boolean gzipMagic = sample.length >= 2 && (sample[0] & 0xff) == 0x1f && (sample[1] & 0xff) == 0x8b;
        if ((gzipByName || gzipByType) && !gzipMagic) {
            return Result.rejected("declared gzip (by " + (gzipByName ? "name" : "content type")
                    + ") but the content is not gzip");
        }
        String compression = gzipMagic ? "gzip" : "none";
        byte[] text = sample;
        boolean textComplete = complete;
        if (gzipMagic) {
            Inflated inflated;
            try {
                inflated = inflate(sample, complete);
            } catch (IOException e) {
                return Result.rejected("gzip content is corrupt: " + e.getMessage());
            }
            text = inflated.bytes;
            textComplete = inflated.complete;
            if (text.length == 0 && textComplete) {
                return Result.rejected("gzip holds an empty file");
            }
        }
        String base = gzipByName ? name.substring(0, name.lastIndexOf('.')) : name;
        int dot = base.lastIndexOf('.');
        String ext = dot < 0 ? "" : base.substring(dot + 1);
        if (!KNOWN_EXTENSIONS.contains(ext)) {
            return Result.rejected("unsupported file type '." + ext + "' (expected .csv, .tsv, .jsonl, .ndjson or .json, optionally .gz)");
        }
        String firstLine;
        boolean lineComplete;
        try {
            int end = indexOf(text, (byte) '\n');
            lineComplete = end >= 0 || textComplete;
            firstLine = decodeUtf8(text, end >= 0 ? end : text.length, !lineComplete);
            if (indexOf(text, (byte) 0) >= 0) {
                return Result.rejected("binary content (NUL bytes), not a text format");
            }
            // The rest of the sample must be UTF-8 too (the last, possibly cut, character aside).
            decodeUtf8(text, text.length, !textComplete);
        } catch (CharacterCodingException e) {
            return Result.rejected("binary content (not UTF-8 text)");
        }
        if (firstLine.startsWith("\uFEFF")) {
            firstLine = firstLine.substring(1);
        }
        if (firstLine.endsWith("\r")) {
            firstLine = firstLine.substring(0, firstLine.length() - 1);
        }
        if (firstLine.isBlank()) {
            return Result.rejected("first line is empty: expected a header row or a JSON object");
        }
        boolean looksJson = firstLine.stripLeading().startsWith("{");
        String format = switch (ext) {
            case "jsonl", "ndjson", "json" -> "jsonl";
            case "csv" -> "csv";
            case "tsv", "tab" -> "tsv";
            default -> looksJson ? "jsonl" : sniffDelimited(firstLine);
        };
        if (format == null) {
            return Result.rejected("unknown format: the first line is neither a JSON object nor delimited by commas or tabs");
        }
        if (format.equals("jsonl")) {
            if (!looksJson) {
                return Result.rejected("not JSON Lines: the first line does not start with a JSON object");
            }
            if (!lineComplete) {
                // The first record is longer than the sample: the format is clear, the field names are not.
                return new Result("jsonl", compression, null, null);
            }
            try {
                List<String> fields = topLevelFieldNames(firstLine);
                if (fields == null) {
                    return Result.rejected("not JSON Lines: the first line is not a JSON object");
                }
                return new Result("jsonl", compression, fields, null);
            } catch (IOException e) {
                return Result.rejected("not JSON Lines: the first line is not valid JSON");
            }
        }
        if (!lineComplete) {
            return Result.rejected("header line is longer than the " + SAMPLE_BYTES / 1024 + " KiB sample");
        }
        return new Result(format, compression, header(firstLine, format.equals("tsv") ? '\t' : ','), null);
    }

    private static String sniffDelimited(String line) {
        long tabs = line.chars().filter(c -> c == '\t').count();
        long commas = line.chars().filter(c -> c == ',').count();
        if (tabs == 0 && commas == 0) {
            return null;
        }
        return tabs >= commas ? "tsv" : "csv";
    }

    /** Splits a header row, honouring RFC 4180 double quotes; blank names become {@code column_N} (1-based). */
    static List<String> header(String line, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                out.add(name(cell, out.size()));
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(name(cell, out.size()));
        return out;
    }

    private static String name(StringBuilder cell, int index) {
        String s = cell.toString().strip();
        return s.isEmpty() ? "column_" + (index + 1) : s;
    }

    private record Inflated(byte[] bytes, boolean complete) {
    }

    /** Inflates what the sample holds; a sample cut mid-stream ends in EOF, which is expected unless it was the whole object. */
    private static Inflated inflate(byte[] sample, boolean complete) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(sample), 8192)) {
            int n;
            while (out.size() < MAX_INFLATED && (n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return new Inflated(out.toByteArray(), complete && out.size() < MAX_INFLATED);
        } catch (EOFException e) {
            if (complete) {
                throw new IOException("unexpected end of gzip stream");
            }
            return new Inflated(out.toByteArray(), false);
        } catch (ZipException e) {
            throw new IOException(e.getMessage());
        }
    }

    /** Strict UTF-8 decode of {@code bytes[0..len)}; if {@code mayBeCut}, up to 3 trailing bytes of a split character are dropped. */
    private static String decodeUtf8(byte[] bytes, int len, boolean mayBeCut) throws CharacterCodingException {
        CharacterCodingException last = null;
        for (int drop = 0; drop <= (mayBeCut ? Math.min(3, len) : 0); drop++) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, len - drop)).toString();
            } catch (CharacterCodingException e) {
                last = e;
            }
        }
        throw last;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The field names of the JSON object {@code line} starts with, in order and without repeats; null when it does not
     * start with an object. Throws when the object is not valid JSON. Streaming (see {@link JsonTree} for why).
     */
    private static List<String> topLevelFieldNames(String line) throws IOException {
        try (JsonParser p = JsonTree.FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            LinkedHashSet<String> names = new LinkedHashSet<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                names.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
            if (t != JsonToken.END_OBJECT) {
                throw new IOException("object not closed");
            }
            return new ArrayList<>(names);
        }
    }
}
