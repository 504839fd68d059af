package com.ingestpipeline.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A small synthetic plan in the {@code pulumi preview --json} shape, edited one input at a time by tests. */
public final class TestPlan {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode steps = root.putArray("steps");
    private static final String STACK_URN = "urn:pulumi:test::ingest-pipeline::pulumi:pulumi:Stack::ingest-pipeline-test";
    private String parentUrn = STACK_URN;

    /** Adds a component resource; resources added after it are its children until the next call. */
    public TestPlan component(String type, String name) {
        parentUrn = STACK_URN;
        add(type, name, "", "{}");
        parentUrn = "urn:pulumi:test::ingest-pipeline::" + type + "::" + name;
        return this;
    }

    /** Adds a resource; {@code inputsJson} uses single quotes for readability. */
    public TestPlan add(String type, String name, String id, String inputsJson) {
        ObjectNode state = JSON.createObjectNode();
        String urn = "urn:pulumi:test::ingest-pipeline::" + type + "::" + name;
        state.put("type", type).put("urn", urn).put("parent", parentUrn)
            .put("custom", !type.startsWith("ingestpipeline:")).put("id", id);
        state.set("inputs", parse(inputsJson));
        ObjectNode step = steps.addObject().put("op", "create").put("urn", urn);
        step.set("newState", state);
        return this;
    }

    public TestPlan add(String type, String name, String inputsJson) {
        return add(type, name, "", inputsJson);
    }

    /** Sets an input of the named resource by JSON pointer ({@code /metadataOptions/httpTokens}); value is JSON. */
    public TestPlan set(String name, String pointer, String valueJson) {
        ObjectNode inputs = inputsOf(name);
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? inputs : inputs.at(pointer.substring(0, slash));
        ((ObjectNode) parent).set(pointer.substring(slash + 1), parse(valueJson));
        return this;
    }

    /** Removes an input of the named resource. */
    public TestPlan unset(String name, String key) {
        inputsOf(name).remove(key);
        return this;
    }

    /** Removes a resource from the plan. */
    public TestPlan remove(String name) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).path("urn").asText().endsWith("::" + name)) {
                steps.remove(i);
                return this;
            }
        }
        throw new IllegalArgumentException("no resource named " + name);
    }

    public JsonNode json() {
        return root.deepCopy();
    }

    private ObjectNode inputsOf(String name) {
        for (JsonNode step : steps) {
            if (step.path("urn").asText().endsWith("::" + name)) {
                return (ObjectNode) step.path("newState").path("inputs");
            }
        }
        throw new IllegalArgumentException("no resource named " + name);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
