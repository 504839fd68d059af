package com.ingestpipeline.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** Reads IAM-style policy documents, which reach the plan either as a JSON string or as nested JSON. */
final class PolicyDocs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyDocs() {
    }

    /** The statements of a policy input; a single statement object counts as a list of one. */
    static List<JsonNode> statements(JsonNode policy) {
        JsonNode doc = policy;
        if (policy.isTextual()) {
            try {
                doc = JSON.readTree(policy.asText());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("policy document is not JSON: " + abbreviate(policy.asText()), e);
            }
        }
        JsonNode statement = doc.path("Statement");
        List<JsonNode> out = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(out::add);
        } else if (statement.isObject()) {
            out.add(statement);
        }
        return out;
    }

    /** A string-or-list field as a list of strings. */
    static List<String> values(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isValueNode()) {
            out.add(node.asText());
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
