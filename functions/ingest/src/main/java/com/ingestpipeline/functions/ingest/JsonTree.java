package com.ingestpipeline.functions.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON read into plain maps, lists, strings, numbers and booleans with jackson-core's streaming parser, plus the
 * lenient look-ups the event parser needs (the semantics of Jackson's {@code JsonNode.path(..).asText(..)} and
 * {@code asLong(..)}).
 *
 * <p>Why not jackson-databind's tree: an {@code ObjectMapper} and its first tree read and write load about 700
 * more classes than the streaming parser. In a fresh JVM that was 150-230 ms against about 30 (docs/ingest-function.md).
 */
final class JsonTree {
    static final JsonFactory FACTORY = new JsonFactory();

    private JsonTree() {
    }

    /** The first JSON value of {@code input} (anything after it is ignored), or null for empty input. */
    static Object parse(byte[] input) throws IOException {
        try (JsonParser p = FACTORY.createParser(input)) {
            return p.nextToken() == null ? null : value(p);
        }
    }

    private static Object value(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, value(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            default -> {
                return null;
            }
        }
    }

    /** The field of an object, or null when {@code node} is not an object or has no such field. */
    static Object path(Object node, String field) {
        return node instanceof Map<?, ?> map ? map.get(field) : null;
    }

    /** Strings as they are, numbers and booleans as text, {@code fallback} for null or missing, "" for containers. */
    static String text(Object node, String fallback) {
        if (node == null) {
            return fallback;
        }
        return node instanceof Map || node instanceof List ? "" : node.toString();
    }

    /** Numbers as long, numeric strings parsed, booleans as 1/0, {@code fallback} otherwise. */
    static long asLong(Object node, long fallback) {
        if (node instanceof Number n) {
            return n.longValue();
        }
        if (node instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (node instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                try {
                    return (long) Double.parseDouble(s.trim());
                } catch (NumberFormatException notANumber) {
                    return fallback;
                }
            }
        }
        return fallback;
    }
}
