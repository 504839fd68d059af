package com.ingestpipeline.components.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural checks of an ASL definition in its JSON form, so they apply equally to a definition built here
 * and to one read back from a plan: StartAt and every transition target exist, every state is reachable
 * from StartAt, a terminal state is reachable, a task's heartbeat is below its timeout, and
 * {@code States.ALL} stands alone and last; a Map state's item processor is checked the same way. AWS reports
 * the first kinds only at deploy time, and never reports an unreachable state at all.
 */
public final class AslChecks {
    private AslChecks() {
    }

    /** Every problem found, empty when the definition is sound. */
    public static List<String> problems(JsonNode definition) {
        List<String> out = new ArrayList<>();
        String startAt = definition.path("StartAt").asText("");
        JsonNode states = definition.path("States");
        if (!states.isObject() || states.isEmpty()) {
            out.add("definition has no States");
            return out;
        }
        if (!states.has(startAt)) {
            out.add("StartAt '" + startAt + "' is not a state");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode state = e.getValue();
            if (name.isEmpty() || name.length() > 80) {
                out.add("state name '" + name + "' must be 1..80 characters");
            }
            for (String target : targets(state)) {
                if (!states.has(target)) {
                    out.add("state '" + name + "' moves to '" + target + "', which is not a state");
                }
            }
            String type = state.path("Type").asText();
            if (("Task".equals(type) || "Pass".equals(type) || "Wait".equals(type) || "Map".equals(type))
                && state.has("Next") == state.path("End").asBoolean(false)) {
                out.add(type + " state '" + name + "' must have exactly one of Next and End");
            }
            if ("Choice".equals(type) && state.path("Choices").isEmpty()) {
                out.add("Choice state '" + name + "' has no rules");
            }
            if ("Task".equals(type)) {
                checkTask(name, state, out);
            }
            if ("Map".equals(type)) {
                // The item processor is a state machine of its own: the same checks, named by its Map state.
                problems(state.path("ItemProcessor")).forEach(p -> out.add("Map '" + name + "' item processor: " + p));
            }
        }
        Set<String> reachable = reachable(states, startAt);
        states.fieldNames().forEachRemaining(name -> {
            if (!reachable.contains(name)) {
                out.add("state '" + name + "' is unreachable from StartAt '" + startAt + "'");
            }
        });
        if (reachable.stream().noneMatch(n -> isTerminal(states.get(n)))) {
            out.add("no terminal state (Succeed, Fail or End) is reachable");
        }
        return out;
    }

    /** Every state a state can move to: Next, Choice rule targets, Default, Catch targets. */
    public static List<String> targets(JsonNode state) {
        List<String> out = new ArrayList<>();
        if (state.has("Next")) {
            out.add(state.get("Next").asText());
        }
        state.path("Choices").forEach(rule -> out.add(rule.path("Next").asText()));
        if (state.has("Default")) {
            out.add(state.get("Default").asText());
        }
        state.path("Catch").forEach(c -> out.add(c.path("Next").asText()));
        return out;
    }

    private static void checkTask(String name, JsonNode task, List<String> out) {
        if (task.has("TimeoutSeconds") && task.has("HeartbeatSeconds")
            && task.get("HeartbeatSeconds").asLong() >= task.get("TimeoutSeconds").asLong()) {
            out.add("task '" + name + "': HeartbeatSeconds (" + task.get("HeartbeatSeconds").asLong()
                + ") must be below TimeoutSeconds (" + task.get("TimeoutSeconds").asLong() + ")");
        }
        checkAllIsLast(name, "Retry", task.path("Retry"), out);
        checkAllIsLast(name, "Catch", task.path("Catch"), out);
    }

    private static void checkAllIsLast(String name, String field, JsonNode matchers, List<String> out) {
        for (int i = 0; i < matchers.size(); i++) {
            JsonNode errors = matchers.get(i).path("ErrorEquals");
            if (errors.isEmpty()) {
                out.add("task '" + name + "': " + field + "[" + i + "] has no ErrorEquals");
            }
            boolean all = false;
            for (JsonNode e : errors) {
                all |= "States.ALL".equals(e.asText());
            }
            if (all && (errors.size() > 1 || i != matchers.size() - 1)) {
                out.add("task '" + name + "': " + field + "[" + i + "] States.ALL must be alone and last");
            }
        }
    }

    private static Set<String> reachable(JsonNode states, String startAt) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        if (states.has(startAt)) {
            todo.add(startAt);
        }
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (seen.add(name)) {
                targets(states.get(name)).stream().filter(states::has).forEach(todo::add);
            }
        }
        return seen;
    }

    private static boolean isTerminal(JsonNode state) {
        String type = state.path("Type").asText();
        return "Succeed".equals(type) || "Fail".equals(type) || state.path("End").asBoolean(false);
    }
}
