package com.ingestpipeline.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The resources of an offline plan ({@code target/plan/<stack>.json}, shaped like
 * {@code pulumi preview --json}), indexed so that rules can follow references: a subnet id in a
 * DB subnet group, a role name in an instance profile, an ARN in a bucket notification.
 */
public final class PlanView {
    /** One resource of the plan. {@code id} is empty when the plan does not carry ids. */
    public record Resource(String type, String urn, String name, String parentUrn, boolean custom, String id,
                           JsonNode inputs) {
        /** A string input (or a nested one, by JSON pointer such as {@code /metadataOptions/httpTokens}), or "". */
        public String str(String keyOrPointer) {
            JsonNode node = at(keyOrPointer);
            return node.isValueNode() ? node.asText() : "";
        }

        /** A boolean input; {@code fallback} when it is absent (the provider's default). */
        public boolean bool(String keyOrPointer, boolean fallback) {
            JsonNode node = at(keyOrPointer);
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            return node.isTextual() ? Boolean.parseBoolean(node.asText()) : fallback;
        }

        /** A numeric input, or {@code fallback} when absent. */
        public double num(String keyOrPointer, double fallback) {
            JsonNode node = at(keyOrPointer);
            return node.isNumber() || node.isTextual() && node.asText().matches("-?\\d+(\\.\\d+)?")
                ? node.asDouble() : fallback;
        }

        /** An input by key or JSON pointer; a missing node when absent. */
        public JsonNode at(String keyOrPointer) {
            if (inputs == null) {
                return MissingNode.getInstance();
            }
            JsonNode node = keyOrPointer.startsWith("/") ? inputs.at(keyOrPointer) : inputs.path(keyOrPointer);
            return node.isNull() ? MissingNode.getInstance() : node;
        }

        /** The string elements of a list input. */
        public List<String> strings(String keyOrPointer) {
            List<String> out = new ArrayList<>();
            at(keyOrPointer).forEach(n -> out.add(n.asText()));
            return out;
        }

        /** The name AWS would know it by: the explicit name input, else the logical name. */
        public String physicalName() {
            for (String key : List.of("name", "bucket", "identifier")) {
                JsonNode n = at(key);
                if (n.isTextual() && !n.asText().isEmpty()) {
                    return n.asText();
                }
            }
            return name;
        }

        /** True when {@code ref} (an id, a name or an ARN) points at this resource. */
        public boolean isReferencedBy(String ref) {
            if (ref == null || ref.isEmpty()) {
                return false;
            }
            if (!id.isEmpty() && ref.equals(id)) {
                return true;
            }
            String physical = physicalName();
            // A qualified Lambda ARN (alias or version) still names its function.
            String unqualified = QUALIFIED_LAMBDA.matcher(ref).matches() ? ref.substring(0, ref.lastIndexOf(':')) : ref;
            return ref.equals(physical) || ref.equals(name)
                || unqualified.startsWith("arn:") && (unqualified.endsWith(":" + physical) || unqualified.endsWith("/" + physical));
        }
    }

    private static final java.util.regex.Pattern QUALIFIED_LAMBDA =
        java.util.regex.Pattern.compile("arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:]+:[^:]+");
    private final List<Resource> resources;

    private PlanView(List<Resource> resources) {
        this.resources = List.copyOf(resources);
    }

    /** Reads the steps of a preview-shaped plan; fails naming what is missing when the shape is wrong. */
    public static PlanView of(JsonNode plan) {
        JsonNode steps = plan == null ? MissingNode.getInstance() : plan.path("steps");
        if (!steps.isArray()) {
            throw new IllegalArgumentException("plan: expected an object with a 'steps' array (pulumi preview --json shape)");
        }
        List<Resource> out = new ArrayList<>();
        for (JsonNode step : steps) {
            JsonNode state = step.path("newState");
            String urn = state.path("urn").asText(step.path("urn").asText(""));
            String type = state.path("type").asText("");
            if (type.isEmpty() || urn.isEmpty()) {
                throw new IllegalArgumentException("plan: step without newState.type/urn: " + step);
            }
            out.add(new Resource(type, urn, urn.substring(urn.lastIndexOf("::") + 2), state.path("parent").asText(""),
                state.path("custom").asBoolean(true), state.path("id").asText(""), state.path("inputs")));
        }
        return new PlanView(out);
    }

    public List<Resource> all() {
        return resources;
    }

    /** Every resource whose type token is one of {@code types}, in plan order. */
    public List<Resource> ofType(String... types) {
        Set<String> wanted = Set.of(types);
        return resources.stream().filter(r -> wanted.contains(r.type())).collect(Collectors.toList());
    }

    /** The resource of one of {@code types} that {@code ref} points at, if it is in the plan. */
    public Optional<Resource> resolve(String ref, String... types) {
        List<String> wanted = Arrays.asList(types);
        return resources.stream()
            .filter(r -> wanted.isEmpty() || wanted.contains(r.type()))
            .filter(r -> r.isReferencedBy(ref))
            .findFirst();
    }

    /** The direct children of a resource (by parent URN). */
    public List<Resource> childrenOf(Resource parent) {
        return resources.stream().filter(r -> r.parentUrn().equals(parent.urn())).collect(Collectors.toList());
    }

    /** The resource with this URN, if any. */
    public Optional<Resource> byUrn(String urn) {
        return resources.stream().filter(r -> r.urn().equals(urn)).findFirst();
    }
}
