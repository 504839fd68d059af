package com.ingestpipeline.components.internal.asl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The Amazon States Language states this project uses, as data. Each renders itself to JSON and names the
 * states it can transition to, so a definition can be checked (targets exist, all reachable) before it is
 * ever sent to AWS.
 */
public sealed interface State permits State.Task, State.Pass, State.Choice, State.Succeed, State.Fail, DistributedMap {

    /** The JSON of this state. */
    ObjectNode toJson();

    /** Every state this one can move to: Next, Choice targets, Default, Catch targets. */
    List<String> targets();

    /** Where a state's result goes: a JSONPath, or {@link #DISCARD} (ResultPath null: keep the input). */
    record ResultPath(String path) {
        public static final ResultPath DISCARD = new ResultPath(null);

        public static ResultPath at(String path) {
            return new ResultPath(path);
        }

        void putInto(ObjectNode n) {
            if (path == null) {
                n.putNull("ResultPath");
            } else {
                n.put("ResultPath", path);
            }
        }
    }

    /** A Task state; {@code next == null} means End. Build with {@link #task(String)}. */
    record Task(String resource, String comment, String inputPath, Payload parameters, ResultPath resultPath,
                String outputPath, Integer timeoutSeconds, Integer heartbeatSeconds, List<Retrier> retry,
                List<Catcher> catchers, String next) implements State {
        public Task {
            retry = List.copyOf(retry);
            catchers = List.copyOf(catchers);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode n = base("Task", comment);
            n.put("Resource", resource);
            if (inputPath != null) {
                n.put("InputPath", inputPath);
            }
            if (parameters != null) {
                n.set("Parameters", parameters.json());
            }
            if (resultPath != null) {
                resultPath.putInto(n);
            }
            if (outputPath != null) {
                n.put("OutputPath", outputPath);
            }
            if (timeoutSeconds != null) {
                n.put("TimeoutSeconds", timeoutSeconds);
            }
            if (heartbeatSeconds != null) {
                n.put("HeartbeatSeconds", heartbeatSeconds);
            }
            if (!retry.isEmpty()) {
                ArrayNode arr = n.putArray("Retry");
                retry.forEach(r -> arr.add(r.toJson()));
            }
            if (!catchers.isEmpty()) {
                ArrayNode arr = n.putArray("Catch");
                catchers.forEach(c -> arr.add(c.toJson()));
            }
            return nextOrEnd(n, next);
        }

        @Override
        public List<String> targets() {
            List<String> out = new ArrayList<>();
            if (next != null) {
                out.add(next);
            }
            catchers.forEach(c -> out.add(c.next()));
            return out;
        }
    }

    /** Starts a Task builder for a resource ARN. */
    static TaskBuilder task(String resource) {
        return new TaskBuilder(resource);
    }

    /** Builder for {@link Task}; unset fields are omitted from the JSON. */
    final class TaskBuilder {
        private final String resource;
        private String comment;
        private String inputPath;
        private Payload parameters;
        private ResultPath resultPath;
        private String outputPath;
        private Integer timeoutSeconds;
        private Integer heartbeatSeconds;
        private final List<Retrier> retry = new ArrayList<>();
        private final List<Catcher> catchers = new ArrayList<>();

        private TaskBuilder(String resource) {
            this.resource = resource;
        }

        public TaskBuilder comment(String v) { comment = v; return this; }
        public TaskBuilder inputPath(String v) { inputPath = v; return this; }
        public TaskBuilder parameters(Payload v) { parameters = v; return this; }
        public TaskBuilder resultPath(ResultPath v) { resultPath = v; return this; }
        public TaskBuilder outputPath(String v) { outputPath = v; return this; }
        public TaskBuilder timeoutSeconds(int v) { timeoutSeconds = v; return this; }
        public TaskBuilder heartbeatSeconds(int v) { heartbeatSeconds = v; return this; }
        public TaskBuilder retry(Retrier r) { retry.add(r); return this; }
        public TaskBuilder katch(List<String> errors, String resultPath, String next) {
            catchers.add(new Catcher(errors, resultPath, next));
            return this;
        }

        public Task next(String next) {
            return new Task(resource, comment, inputPath, parameters, resultPath, outputPath, timeoutSeconds,
                heartbeatSeconds, retry, catchers, next);
        }

        public Task end() {
            return next(null);
        }
    }

    /** A Pass state that reshapes its input with {@code Parameters}; {@code next == null} means End. */
    record Pass(String comment, Payload parameters, ResultPath resultPath, String next) implements State {
        @Override
        public ObjectNode toJson() {
            ObjectNode n = base("Pass", comment);
            if (parameters != null) {
                n.set("Parameters", parameters.json());
            }
            if (resultPath != null) {
                resultPath.putInto(n);
            }
            return nextOrEnd(n, next);
        }

        @Override
        public List<String> targets() {
            return next == null ? List.of() : List.of(next);
        }
    }

    /** A Choice state: the first matching rule wins, else {@code defaultNext}. */
    record Choice(String comment, List<ChoiceRule> rules, String defaultNext) implements State {
        public Choice {
            rules = List.copyOf(rules);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode n = base("Choice", comment);
            ArrayNode arr = n.putArray("Choices");
            rules.forEach(r -> arr.add(r.toJson()));
            if (defaultNext != null) {
                n.put("Default", defaultNext);
            }
            return n;
        }

        @Override
        public List<String> targets() {
            List<String> out = new ArrayList<>();
            rules.forEach(r -> out.add(r.next()));
            if (defaultNext != null) {
                out.add(defaultNext);
            }
            return out;
        }
    }

    /** A Succeed state. */
    record Succeed(String comment) implements State {
        @Override
        public ObjectNode toJson() {
            return base("Succeed", comment);
        }

        @Override
        public List<String> targets() {
            return List.of();
        }
    }

    /**
     * A Fail state. Error/cause come either as constants or from the input by path (ErrorPath/CausePath);
     * set one of each pair.
     */
    record Fail(String comment, String error, String cause, String errorPath, String causePath) implements State {
        @Override
        public ObjectNode toJson() {
            ObjectNode n = base("Fail", comment);
            putIfSet(n, "Error", error);
            putIfSet(n, "ErrorPath", errorPath);
            putIfSet(n, "Cause", cause);
            putIfSet(n, "CausePath", causePath);
            return n;
        }

        @Override
        public List<String> targets() {
            return List.of();
        }
    }

    static ObjectNode base(String type, String comment) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("Type", type);
        putIfSet(n, "Comment", comment);
        return n;
    }

    static ObjectNode nextOrEnd(ObjectNode n, String next) {
        if (next == null) {
            n.put("End", true);
        } else {
            n.put("Next", next);
        }
        return n;
    }

    private static void putIfSet(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }
}
