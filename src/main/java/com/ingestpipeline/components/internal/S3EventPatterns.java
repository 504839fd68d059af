package com.ingestpipeline.components.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * EventBridge event patterns for the events S3 sends to the default bus once a bucket delivers to EventBridge. A pure
 * function of names, tested without Pulumi.
 */
public final class S3EventPatterns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3EventPatterns() {
    }

    /**
     * {@code Object Created} from {@code source aws.s3} for one bucket, keys under {@code prefix}. Without suffixes
     * the key test is a {@code prefix} match; with suffixes it is one {@code wildcard} per suffix
     * ({@code incoming/*.csv}), because the values of one field are OR-ed and a prefix and a suffix on the same key
     * must both hold (EventBridge user guide, "Comparison operators": prefix, suffix, wildcard). In a wildcard,
     * {@code *} and {@code \} of the literal parts are escaped with a backslash.
     */
    public static String objectCreated(String bucketName, String prefix, List<String> suffixes) {
        ObjectNode pattern = JSON.createObjectNode();
        pattern.putArray("source").add("aws.s3");
        pattern.putArray("detail-type").add("Object Created");
        ObjectNode detail = pattern.putObject("detail");
        detail.putObject("bucket").putArray("name").add(bucketName);
        ArrayNode key = detail.putObject("object").putArray("key");
        if (suffixes.isEmpty()) {
            key.addObject().put("prefix", prefix);
        } else {
            suffixes.forEach(suffix -> key.addObject().put("wildcard", escape(prefix) + "*" + escape(suffix)));
        }
        try {
            return JSON.writeValueAsString(pattern);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing JSON to memory cannot fail", e);
        }
    }

    static String escape(String literal) {
        return literal.replace("\\", "\\\\").replace("*", "\\*");
    }
}
