package com.ingestpipeline.components.internal.asl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/**
 * One {@code Choices} entry: a condition (a comparison, or {@code And}/{@code Not} of conditions) and the state to
 * move to when it holds. Build conditions with the static helpers, e.g.
 * {@code ChoiceRule.and(ChoiceRule.isPresent("$.mode"), ChoiceRule.stringEquals("$.mode", "ingest"))}.
 */
public record ChoiceRule(ObjectNode condition, String next) {
    private static final Set<String> NUMERIC = Set.of("NumericEquals", "NumericLessThan",
        "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals");

    public ChoiceRule {
        condition = condition.deepCopy();
    }

    /** A number in the state input compared with a constant. */
    public ChoiceRule(String variable, String comparison, long value, String next) {
        this(numeric(variable, comparison, value), next);
    }

    private static ObjectNode numeric(String variable, String comparison, long value) {
        if (!NUMERIC.contains(comparison)) {
            throw new IllegalArgumentException("comparison must be one of " + NUMERIC + " (got " + comparison + ")");
        }
        return variable(variable).put(comparison, value);
    }

    /**
     * The path exists. Written positively (and negated with {@link #not}) because a type test with {@code false}
     * ({@code "IsPresent": false}) is where interpreters disagree: aws-local-stepfunctions 3.0.0 never matches it.
     */
    public static ObjectNode isPresent(String variable) {
        return variable(variable).put("IsPresent", true);
    }

    public static ObjectNode isString(String variable) {
        return variable(variable).put("IsString", true);
    }

    /** An RFC 3339 timestamp string. */
    public static ObjectNode isTimestamp(String variable) {
        return variable(variable).put("IsTimestamp", true);
    }

    public static ObjectNode stringEquals(String variable, String value) {
        return variable(variable).put("StringEquals", value);
    }

    /** {@code pattern} is an ASL wildcard pattern: {@code *} matches anything; see {@link #literalPattern}. */
    public static ObjectNode stringMatches(String variable, String pattern) {
        return variable(variable).put("StringMatches", pattern);
    }

    /** {@code text} as a StringMatches pattern that matches only itself (ASL escapes {@code *} and {@code \}). */
    public static String literalPattern(String text) {
        return text.replace("\\", "\\\\").replace("*", "\\*");
    }

    /** Every condition holds; evaluated left to right, so put a presence or type test before a comparison. */
    public static ObjectNode and(ObjectNode... conditions) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        List.of(conditions).forEach(c -> n.withArray("And").add(c.deepCopy()));
        return n;
    }

    public static ObjectNode or(ObjectNode... conditions) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        List.of(conditions).forEach(c -> n.withArray("Or").add(c.deepCopy()));
        return n;
    }

    public static ObjectNode not(ObjectNode condition) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("Not", condition.deepCopy());
        return n;
    }

    private static ObjectNode variable(String path) {
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("Variable must be a path starting with $ (got " + path + ")");
        }
        return JsonNodeFactory.instance.objectNode().put("Variable", path);
    }

    ObjectNode toJson() {
        ObjectNode n = condition.deepCopy();
        n.put("Next", next);
        return n;
    }
}
