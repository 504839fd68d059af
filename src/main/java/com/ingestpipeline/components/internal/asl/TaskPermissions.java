package com.ingestpipeline.components.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The IAM permissions a state machine's role needs for each Task it runs, derived from the definition
 * itself (built here or read back from a plan). Used to prove that the role grants what the definition
 * uses, and by least-privilege checks that need the expected calls.
 */
public final class TaskPermissions {
    private TaskPermissions() {
    }

    /** One action on concrete resource ARNs. */
    public record Permission(String action, List<String> resources) {
        public Permission {
            resources = List.copyOf(resources);
        }
    }

    public static List<Permission> required(State.Task task, String partition, String region, String account) {
        return required(task.toJson(), partition, region, account);
    }

    /**
     * What the role needs for a Task state given as ASL JSON. Activity tasks need nothing on the role: the
     * worker that polls the activity is the one authorised (states:GetActivityTask on its own role).
     *
     * @throws IllegalArgumentException for a resource this project does not use, so a new integration cannot
     *                                  slip in without its permission being thought about
     */
    public static List<Permission> required(JsonNode task, String partition, String region, String account) {
        String resource = task.path("Resource").asText();
        if (resource.startsWith("arn:" + partition + ":states:") && resource.contains(":activity:")) {
            return List.of();
        }
        if (resource.equals(IngestWorkflow.START_INSTANCES)) {
            List<String> arns = new ArrayList<>();
            literal(task, "InstanceIds").forEach(id -> arns.add("arn:" + partition + ":ec2:" + region + ":"
                + account + ":instance/" + id.asText()));
            return List.of(new Permission("ec2:StartInstances", arns));
        }
        if (resource.equals(IngestWorkflow.LAMBDA_INVOKE)) {
            return List.of(new Permission("lambda:InvokeFunction", List.of(literal(task, "FunctionName").asText())));
        }
        throw new IllegalArgumentException("no known IAM mapping for Task resource " + resource);
    }

    private static JsonNode literal(JsonNode task, String field) {
        JsonNode value = task.path("Parameters").get(field);
        if (value == null) {
            throw new IllegalArgumentException("Task " + task.path("Resource").asText() + " has no literal " + field
                + " parameter; its permission cannot be scoped");
        }
        return value;
    }
}
