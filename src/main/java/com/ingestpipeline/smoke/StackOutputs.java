package com.ingestpipeline.smoke;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The stack outputs the smoke check needs, from {@code pulumi stack output --json}.
 *
 * @param bucketName         the data bucket
 * @param inputPrefix        where uploads start the pipeline, e.g. {@code incoming/}
 * @param stateMachineArn    the workflow the ingest function starts
 * @param statusFunctionName the function answering {@code getStatus}
 */
public record StackOutputs(String bucketName, String inputPrefix, String stateMachineArn, String statusFunctionName) {
    static final List<String> REQUIRED = List.of("bucketName", "inputPrefix", "stateMachineArn", "statusFunctionName");

    /** Reads the outputs; fails naming every missing or empty one. */
    public static StackOutputs parse(JsonNode outputs) {
        List<String> missing = new ArrayList<>();
        for (String key : REQUIRED) {
            JsonNode value = outputs == null ? null : outputs.get(key);
            if (value == null || !value.isTextual() || value.asText().isBlank() || value.asText().equals("[secret]")) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("stack outputs: missing " + String.join(", ", missing)
                + " (run `pulumi stack output --json` in the deployed stack and pass that)");
        }
        return new StackOutputs(outputs.get("bucketName").asText(), outputs.get("inputPrefix").asText(),
            outputs.get("stateMachineArn").asText(), outputs.get("statusFunctionName").asText());
    }
}
