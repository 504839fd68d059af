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

    /**
     * What the role of {@code stateMachineArn} needs for a DISTRIBUTED Map state given as ASL JSON (Step Functions
     * developer guide, "IAM policies for using Distributed Map states"): start its child executions on its own
     * state machine; describe, stop and redrive them; list the ItemReader's bucket; write the ResultWriter's
     * prefix; and whatever the item processor's Tasks need. The listing's prefix condition is not derivable here
     * (the prefix is a path into the execution input): the caller scopes it.
     */
    public static List<Permission> forDistributedMap(JsonNode map, String stateMachineArn, String partition,
                                                     String region, String account) {
        if (!"DISTRIBUTED".equals(map.at("/ItemProcessor/ProcessorConfig/Mode").asText())) {
            throw new IllegalArgumentException("not a DISTRIBUTED Map state: " + map);
        }
        List<Permission> out = new ArrayList<>();
        String children = stateMachineArn.replace(":stateMachine:", ":execution:") + "/*";
        out.add(new Permission("states:StartExecution", List.of(stateMachineArn)));
        for (String action : List.of("states:DescribeExecution", "states:StopExecution", "states:RedriveExecution")) {
            out.add(new Permission(action, List.of(children)));
        }
        if (map.has("ItemReader")) {
            if (!DistributedMap.LIST_OBJECTS_V2.equals(map.at("/ItemReader/Resource").asText())) {
                throw new IllegalArgumentException("no known IAM mapping for ItemReader "
                    + map.at("/ItemReader/Resource").asText());
            }
            out.add(new Permission("s3:ListBucket", List.of("arn:" + partition + ":s3:::"
                + literalText(map.path("ItemReader"), "Bucket"))));
        }
        if (map.has("ResultWriter")) {
            String objects = "arn:" + partition + ":s3:::" + literalText(map.path("ResultWriter"), "Bucket") + "/"
                + literalText(map.path("ResultWriter"), "Prefix") + "/*";
            for (String action : List.of("s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts",
                "s3:AbortMultipartUpload")) {
                out.add(new Permission(action, List.of(objects)));
            }
        }
        map.at("/ItemProcessor/States").forEach(state -> {
            if ("Task".equals(state.path("Type").asText())) {
                out.addAll(required(state, partition, region, account));
            }
        });
        return out;
    }

    private static String literalText(JsonNode stateWithParameters, String field) {
        JsonNode value = stateWithParameters.path("Parameters").get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no literal " + field + " parameter in " + stateWithParameters
                + "; its permission cannot be scoped");
        }
        return value.asText();
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
