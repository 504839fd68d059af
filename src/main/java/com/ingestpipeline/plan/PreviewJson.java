package com.ingestpipeline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pulumi.asset.AssetOrArchive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a plan in the shape of {@code pulumi preview --json}: {@code steps} (one {@code create} per
 * resource, the stack first), {@code changeSummary} and the stack {@code outputs}. Secret values are
 * {@code "[secret]"}; numbers are JSON numbers (whole ones without a fraction); keys are sorted so
 * the file is identical on every run.
 */
public final class PreviewJson {
    public static final String SECRET = "[secret]";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PreviewJson() {
    }

    /**
     * The preview document.
     *
     * @param config the stack's config as the CLI passes it ({@code namespace:key} → string), secrets masked
     *               by the caller; may be empty
     */
    public static ObjectNode of(PlanRunner.Plan plan, Map<String, String> config) {
        ObjectNode root = NODES.objectNode();
        ObjectNode configNode = root.putObject("config");
        new TreeMap<>(config).forEach(configNode::put);

        ArrayNode steps = root.putArray("steps");
        ObjectNode stackState = step(steps, plan.stackUrn());
        stackState.put("type", PlanRunner.STACK_TYPE);
        stackState.put("urn", plan.stackUrn());
        stackState.put("custom", false);
        stackState.put("parent", "");
        stackState.putObject("inputs");
        ObjectNode outputs = NODES.objectNode();
        plan.outputs().forEach((name, out) -> outputs.set(name, out.secret() ? NODES.textNode(SECRET) : toJson(out.value())));
        stackState.set("outputs", outputs.deepCopy());

        for (PlanRunner.PlannedResource r : plan.resources()) {
            ObjectNode state = step(steps, r.urn());
            state.put("type", r.type());
            state.put("urn", r.urn());
            state.put("custom", r.custom());
            state.put("parent", r.parentUrn());
            if (r.custom() && !r.id().isEmpty()) {
                state.put("id", r.id());
            }
            ObjectNode inputs = state.putObject("inputs");
            r.inputs().forEach((key, value) ->
                inputs.set(key, r.secretInputs().contains(key) ? NODES.textNode(SECRET) : toJson(value)));
        }
        root.putObject("changeSummary").put("create", steps.size());
        root.set("outputs", outputs);
        return root;
    }

    private static ObjectNode step(ArrayNode steps, String urn) {
        ObjectNode step = steps.addObject();
        step.put("op", "create");
        step.put("urn", urn);
        return step.putObject("newState");
    }

    /** A mock input or output value as JSON: maps sorted, whole doubles as integers. */
    static JsonNode toJson(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15 ? NODES.numberNode((long) d) : NODES.numberNode(d);
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.longValue());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            new TreeMap<>(map).forEach((k, v) -> {
                if (v != null) {
                    node.set(String.valueOf(k), toJson(v));
                }
            });
            return node;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode node = NODES.arrayNode();
            items.forEach(v -> node.add(toJson(v)));
            return node;
        }
        if (value instanceof java.util.Optional<?> opt) {
            return opt.map(PreviewJson::toJson).orElse(NODES.nullNode());
        }
        if (value instanceof AssetOrArchive asset) {
            // Shown as the engine does: the kind's property (path, text, uri, assets) and its value.
            AssetOrArchive.AssetOrArchiveInternal internal = AssetOrArchive.AssetOrArchiveInternal.from(asset);
            ObjectNode node = NODES.objectNode();
            node.set(internal.getPropName(), toJson(internal.getValue()));
            return node;
        }
        return NODES.textNode(String.valueOf(value));
    }

    /** Writes the document, creating the directory. */
    public static void write(JsonNode document, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, MAPPER.writeValueAsString(document) + "\n");
    }

    /** Reads a plan file back. */
    public static JsonNode read(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }
}
