package com.ingestpipeline.components.internal.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole state machine definition: states in declaration order, rendered to ASL JSON by Jackson.
 * {@link #problems()} runs the structural checks AWS would otherwise only report at deploy time (or, for
 * unreachable states, never).
 */
public final class StateMachineDefinition {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String comment;
    private final String startAt;
    private final Integer timeoutSeconds;
    private final Map<String, State> states;

    private StateMachineDefinition(String comment, String startAt, Integer timeoutSeconds, Map<String, State> states) {
        this.comment = comment;
        this.startAt = startAt;
        this.timeoutSeconds = timeoutSeconds;
        this.states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
    }

    public static Builder builder(String startAt) {
        return new Builder(startAt);
    }

    public String startAt() {
        return startAt;
    }

    /** The states by name, in declaration order. */
    public Map<String, State> states() {
        return states;
    }

    /** Every Task state by name. */
    public Map<String, State.Task> tasks() {
        Map<String, State.Task> out = new LinkedHashMap<>();
        states.forEach((name, s) -> {
            if (s instanceof State.Task t) {
                out.put(name, t);
            }
        });
        return out;
    }

    public ObjectNode toJsonNode() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (comment != null) {
            root.put("Comment", comment);
        }
        root.put("StartAt", startAt);
        if (timeoutSeconds != null) {
            root.put("TimeoutSeconds", timeoutSeconds);
        }
        ObjectNode body = root.putObject("States");
        states.forEach((name, s) -> body.set(name, s.toJson()));
        return root;
    }

    /** Compact JSON, stable for a given definition (field order is declaration order). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toJsonNode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Structural problems, empty when the definition is sound (see {@link AslChecks}). */
    public List<String> problems() {
        return AslChecks.problems(toJsonNode());
    }

    /** Collects states in order; a duplicate name is an error at build time. */
    public static final class Builder {
        private final String startAt;
        private String comment;
        private Integer timeoutSeconds;
        private final Map<String, State> states = new LinkedHashMap<>();

        private Builder(String startAt) {
            this.startAt = startAt;
        }

        public Builder comment(String v) {
            comment = v;
            return this;
        }

        public Builder timeoutSeconds(Integer v) {
            timeoutSeconds = v;
            return this;
        }

        public Builder state(String name, State state) {
            if (states.putIfAbsent(name, state) != null) {
                throw new IllegalArgumentException("duplicate state name '" + name + "'");
            }
            return this;
        }

        public StateMachineDefinition build() {
            return new StateMachineDefinition(comment, startAt, timeoutSeconds, states);
        }
    }
}
