package com.ingestpipeline.components.internal.asl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/** One {@code Choices} entry comparing a number in the state input with a constant. */
public record ChoiceRule(String variable, String comparison, long value, String next) {
    private static final Set<String> NUMERIC = Set.of("NumericEquals", "NumericLessThan",
        "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals");

    public ChoiceRule {
        if (!NUMERIC.contains(comparison)) {
            throw new IllegalArgumentException("comparison must be one of " + NUMERIC + " (got " + comparison + ")");
        }
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("Variable", variable);
        n.put(comparison, value);
        n.put("Next", next);
        return n;
    }
}
