package com.ingestpipeline.components.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A state's {@code Parameters} object as data. Fields read from the state input or computed by an intrinsic
 * function get the {@code .$} suffix ASL requires; everything else is a literal. The resulting JSON is only
 * ever produced by Jackson, so quoting and escaping are never hand-written.
 */
public final class Payload {
    private final ObjectNode node = JsonNodeFactory.instance.objectNode();

    private Payload() {
    }

    public static Payload of() {
        return new Payload();
    }

    /** A literal string. */
    public Payload value(String field, String value) {
        node.put(field, value);
        return this;
    }

    /** A literal number. */
    public Payload value(String field, long value) {
        node.put(field, value);
        return this;
    }

    /** A literal list of strings. */
    public Payload value(String field, List<String> values) {
        ArrayNode arr = node.putArray(field);
        values.forEach(arr::add);
        return this;
    }

    /** A nested object. */
    public Payload object(String field, Payload nested) {
        node.set(field, nested.node.deepCopy());
        return this;
    }

    /** A value taken from the state input (or {@code $$} context object) by a JSONPath. */
    public Payload path(String field, String jsonPath) {
        if (!jsonPath.startsWith("$")) {
            throw new IllegalArgumentException("path for " + field + " must start with $ (got " + jsonPath + ")");
        }
        node.put(field + ".$", jsonPath);
        return this;
    }

    /** A value computed by an intrinsic function, e.g. {@code States.MathAdd($.restarts, 1)}. */
    public Payload intrinsic(String field, String expression) {
        if (!expression.startsWith("States.")) {
            throw new IllegalArgumentException("intrinsic for " + field + " must be a States.* function (got "
                + expression + ")");
        }
        node.put(field + ".$", expression);
        return this;
    }

    /** A read-only copy of the JSON. */
    public ObjectNode json() {
        return node.deepCopy();
    }

    /** The literal value of a field (not a path), or null. */
    public JsonNode literal(String field) {
        return node.get(field);
    }
}
