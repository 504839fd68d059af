package com.ingestpipeline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The offline plan ({@code target/plan/<stack>.json}, the shape of {@code pulumi preview --json}) as the end-to-end
 * tests read it: every value the tests feed to the code (handler, environment, jar path, policies, definition)
 * comes from here, never from a test constant.
 */
public final class Plan {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Plan> CACHE = new LinkedHashMap<>();

    private final Path file;
    private final JsonNode root;

    private Plan(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** The plan of {@code stack} from the directory the root build passes as {@code e2e.planDir}. */
    public static synchronized Plan load(String stack) {
        return CACHE.computeIfAbsent(stack, s -> {
            String dir = System.getProperty("e2e.planDir");
            if (dir == null) {
                throw new IllegalStateException("system property e2e.planDir is not set (run through the e2e pom)");
            }
            Path path = Path.of(dir).resolve(s + ".json");
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException("no offline plan at " + path + ": run the root build (`mvn verify`) "
                        + "or `mvn -DbuildRoot=... process-classes` first");
            }
            try {
                return new Plan(path, JSON.readTree(path.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public Path file() {
        return file;
    }

    /** A stack output, e.g. {@code inputPrefix}. */
    public String output(String name) {
        JsonNode v = root.path("outputs").get(name);
        if (v == null || v.isNull()) {
            throw new NoSuchElementException("plan " + file + " has no output " + name);
        }
        return v.asText();
    }

    /** A stack output as JSON (lists, objects). */
    public JsonNode outputNode(String name) {
        return root.path("outputs").path(name);
    }

    /** Stack config value, e.g. {@code aws:region}. */
    public String config(String key) {
        return root.path("config").path(key).asText();
    }

    /** Every resource of {@code type} (e.g. {@code aws:lambda/function:Function}). */
    public List<Resource> resources(String type) {
        List<Resource> out = new ArrayList<>();
        for (JsonNode step : root.path("steps")) {
            JsonNode state = step.path("newState");
            if (type.equals(state.path("type").asText())) {
                out.add(new Resource(state));
            }
        }
        return out;
    }

    /** The one resource of {@code type} whose logical name ends with {@code suffix} (e.g. {@code -ingest-fn}). */
    public Resource resource(String type, String suffix) {
        List<Resource> matches = resources(type).stream().filter(r -> r.name().endsWith(suffix)).toList();
        if (matches.size() != 1) {
            throw new NoSuchElementException("plan " + file + ": expected one " + type + " named *" + suffix
                    + ", found " + matches.stream().map(Resource::name).toList());
        }
        return matches.get(0);
    }

    /** The Lambda function whose handler is {@code handler} (each handler is deployed once per stack). */
    public Resource functionWithHandler(String handler) {
        List<Resource> matches = resources("aws:lambda/function:Function").stream()
                .filter(r -> handler.equals(r.inputs().path("handler").asText())).toList();
        if (matches.size() != 1) {
            throw new NoSuchElementException("plan " + file + ": expected one function with handler " + handler
                    + ", found " + matches.stream().map(Resource::name).toList());
        }
        return matches.get(0);
    }

    /** A planned resource: its logical name and its inputs. */
    public record Resource(JsonNode state) {
        public String name() {
            String urn = state.path("urn").asText();
            return urn.substring(urn.lastIndexOf("::") + 2);
        }

        public String type() {
            return state.path("type").asText();
        }

        /** The id the plan's mocks gave it ("" when the plan carries none). */
        public String id() {
            return state.path("id").asText("");
        }

        public JsonNode inputs() {
            return state.path("inputs");
        }

        public String input(String name) {
            JsonNode v = inputs().get(name);
            if (v == null || v.isNull()) {
                throw new NoSuchElementException(name() + " has no input " + name);
            }
            return v.asText();
        }

        /** {@code environment.variables} of a Lambda function, in a stable order. */
        public Map<String, String> environment() {
            Map<String, String> env = new java.util.TreeMap<>();
            inputs().path("environment").path("variables").fields()
                    .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            return env;
        }

        /** The local file an asset/archive input points at (e.g. a function's {@code code}). */
        public Path assetPath(String input) {
            JsonNode v = inputs().path(input).path("path");
            if (v.isMissingNode() || v.asText().isEmpty()) {
                throw new NoSuchElementException(name() + "." + input + " is not a file asset: " + inputs().path(input));
            }
            return Path.of(v.asText());
        }

        /** A JSON-string input (a policy, a definition) parsed. */
        public JsonNode jsonInput(String name) {
            try {
                return JSON.readTree(input(name));
            } catch (IOException e) {
                throw new UncheckedIOException(name() + "." + name + " is not JSON", e);
            }
        }
    }
}
