package com.ingestpipeline.functions.worker.job.profile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.ingestpipeline.functions.worker.TaskFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** JSON Lines: each line must be one JSON object; it is re-written compactly and its top-level values profiled. */
final class JsonLinesProcessor extends ChunkProcessor {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final ColumnRegistry registry;
    private final Map<String, Integer> localIndex = new HashMap<>();
    private final OutputStream sink = new OutputStream() {
        @Override
        public void write(int b) {
            json.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            json.put(b, off, len);
        }
    };
    private JsonGenerator generator;

    JsonLinesProcessor(Mode mode, ColumnRegistry registry) {
        super(mode);
        this.registry = registry;
    }

    @Override
    int initialColumns() {
        return 0;
    }

    @Override
    void parse(byte[] b, int start, int end, long sequence) throws TaskFailure {
        int pos = start;
        long lineInChunk = 0;
        while (pos < end) {
            int lineEnd = DelimitedParser.recordEnd(b, pos, end, false);
            int lineStart = pos;
            pos = Math.min(lineEnd + 1, end);
            if (isBlank(b, lineStart, lineEnd)) {
                continue;
            }
            lineInChunk++;
            int rollback = json.size;
            try {
                line(b, lineStart, lineEnd, sequence, lineInChunk);
                rows++;
            } catch (JsonProcessingException e) {
                json.size = rollback;
                generator = null;
                String reason = e.getOriginalMessage();
                malformed(reason.length() > 120 ? reason.substring(0, 120) : reason, b, lineStart, lineEnd);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void line(byte[] b, int start, int end, long sequence, long lineInChunk) throws IOException, TaskFailure {
        try (JsonParser p = FACTORY.createParser(b, start, end - start)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "line is not a JSON object");
            }
            // Stats are applied only once the whole line has parsed, so a bad line leaves no trace.
            int[] cols = new int[8];
            int[] types = new int[8];
            double[] numbers = new double[8];
            byte[][] texts = new byte[8][];
            int n = 0;
            JsonGenerator g = generator();
            if (mode.writeOutput()) {
                g.writeStartObject();
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                Integer col = localIndex.get(name);
                if (col == null) {
                    col = registry.indexOf(name, sequence, lineInChunk);
                    localIndex.put(name, col);
                }
                JsonToken v = p.nextToken();
                int type = 0;
                byte[] text = null;
                double number = 0;
                switch (v) {
                    case VALUE_STRING -> {
                        text = p.getText().getBytes(StandardCharsets.UTF_8);
                        type = text.length == 0 ? ValueType.STRING : classifyText(text);
                    }
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        text = p.getText().getBytes(StandardCharsets.US_ASCII);
                        type = v == JsonToken.VALUE_NUMBER_INT ? ValueType.INTEGER : ValueType.DECIMAL;
                        number = p.getDoubleValue();
                    }
                    case VALUE_TRUE, VALUE_FALSE -> {
                        text = p.getText().getBytes(StandardCharsets.US_ASCII);
                        type = ValueType.BOOLEAN;
                    }
                    case START_OBJECT -> type = ValueType.OBJECT;
                    case START_ARRAY -> type = ValueType.ARRAY;
                    default -> type = 0;
                }
                if (mode.writeOutput()) {
                    g.writeFieldName(name);
                    g.copyCurrentStructure(p);
                } else if (v.isStructStart()) {
                    p.skipChildren();
                }
                if (n == cols.length) {
                    cols = java.util.Arrays.copyOf(cols, n * 2);
                    types = java.util.Arrays.copyOf(types, n * 2);
                    numbers = java.util.Arrays.copyOf(numbers, n * 2);
                    texts = java.util.Arrays.copyOf(texts, n * 2);
                }
                cols[n] = col;
                types[n] = type;
                numbers[n] = number;
                texts[n] = text;
                n++;
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected content after the object");
            }
            if (mode.writeOutput()) {
                g.writeEndObject();
                g.writeRaw('\n');
                g.flush();
            }
            if (mode.collectStats()) {
                for (int i = 0; i < n; i++) {
                    if (types[i] == 0) {
                        continue;
                    }
                    ColumnStats s = column(cols[i]);
                    if (texts[i] == null) {
                        s.addOpaque(types[i]);
                    } else {
                        s.add(types[i], texts[i], 0, texts[i].length, numbers[i]);
                    }
                }
            }
        }
    }

    private int classifyText(byte[] text) {
        int type = classifier.classify(text, 0, text.length);
        // In JSON a quoted number is still a string; only dates and timestamps are recognised inside strings.
        return (type == ValueType.DATE || type == ValueType.TIMESTAMP) ? type : ValueType.STRING;
    }

    private JsonGenerator generator() throws IOException {
        if (generator == null) {
            generator = FACTORY.createGenerator(sink);
            generator.setRootValueSeparator(null);
        }
        return generator;
    }

    private static boolean isBlank(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
