package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.internal.asl.TaskPermissions;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static com.ingestpipeline.components.OrchestrationFlowTest.ALARM;
import static com.ingestpipeline.components.OrchestrationFlowTest.FUNCTION;
import static com.ingestpipeline.components.OrchestrationFlowTest.INGRESS;
import static com.ingestpipeline.components.OrchestrationFlowTest.LOG_GROUP;
import static com.ingestpipeline.components.OrchestrationFlowTest.SFN;
import static com.ingestpipeline.components.OrchestrationFlowTest.database;
import static com.ingestpipeline.components.OrchestrationFlowTest.required;
import static com.ingestpipeline.components.OrchestrationFlowTest.run;
import static com.ingestpipeline.components.OrchestrationFlowTest.statement;
import static com.ingestpipeline.components.OrchestrationFlowTest.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrchestrationFlowOverridesTest {
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode flowPolicy(RecordingMocks m) throws Exception {
        return json.readTree((String) m.single("aws:iam/rolePolicy:RolePolicy", n -> n.equals("flow-policy"))
            .input("policy"));
    }

    @Test
    void everyTaskInTheDefinitionIsGrantedByTheRoleAndEveryScopedGrantIsUsed() throws Exception {
        RecordingMocks m = run(required().build()).mocks();
        JsonNode def = json.readTree((String) m.single(SFN).input("definition"));
        JsonNode policy = flowPolicy(m);
        Set<String> usedSids = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = def.get("States").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> state = it.next();
            if (!"Task".equals(state.getValue().path("Type").asText())) {
                continue;
            }
            for (TaskPermissions.Permission p : TaskPermissions.required(state.getValue(), "aws",
                RecordingMocks.REGION, RecordingMocks.ACCOUNT)) {
                for (String resource : p.resources()) {
                    String sid = grantingSid(policy, p.action(), resource);
                    assertThat(sid).as("%s needs %s on %s", state.getKey(), p.action(), resource).isNotNull();
                    usedSids.add(sid);
                }
            }
        }
        // Log delivery and X-Ray are used by the service itself, not by a Task; everything else must be used.
        Set<String> granted = new HashSet<>();
        policy.get("Statement").forEach(s -> granted.add(s.get("Sid").asText()));
        granted.removeAll(Set.of("LogDelivery", "XRayTracing"));
        assertThat(usedSids).isEqualTo(granted);
    }

    /** The Sid of an Allow statement covering action on resource (IAM wildcard matching), or null. */
    private static String grantingSid(JsonNode policy, String action, String resource) {
        for (JsonNode s : policy.get("Statement")) {
            if ("Allow".equals(s.get("Effect").asText()) && texts(s.get("Action")).contains(action)
                && texts(s.get("Resource")).stream().anyMatch(r -> wildcard(r).matcher(resource).matches())) {
                return s.get("Sid").asText();
            }
        }
        return null;
    }

    private static Pattern wildcard(String iamResource) {
        StringBuilder regex = new StringBuilder();
        for (char c : iamResource.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    @Test
    void overridesReachTheStateMachineTheDefinitionTheFunctionAndTheAlarms() throws Exception {
        RecordingMocks m = run(required()
            .taskTimeoutSeconds(900).heartbeatSeconds(120).maxWorkerRestarts(1)
            .transientRetryAttempts(5).transientRetryIntervalSeconds(10).transientRetryMaxDelaySeconds(120)
            .executionTimeoutSeconds(14400)
            .observability(WorkflowObservabilityArgs.builder().logLevel("ERROR").includeExecutionData(false).tracingEnabled(false).build())
            .logRetentionDays(30)
            .statusFunctionMemoryMb(256).statusFunctionTimeoutSeconds(20)
            .database(database().port(6432).sslMode("require").build())
            .alarmActionArns(List.of("arn:aws:sns:us-east-1:123456789012:ops"))
            .build()).mocks();
        Registered sm = m.single(SFN);
        assertThat(sm.input("loggingConfiguration")).isEqualTo(Map.of("level", "ERROR", "includeExecutionData", false,
            "logDestination", "arn:aws:logs:us-east-1:123456789012:log-group:flow-logs:*"));
        assertThat(sm.input("tracingConfiguration")).isEqualTo(Map.of("enabled", false));
        assertThat(m.single(LOG_GROUP, n -> n.equals("flow-logs")).input("retentionInDays")).isEqualTo(30.0);

        JsonNode def = json.readTree((String) sm.input("definition"));
        assertThat(def.get("TimeoutSeconds").asInt()).isEqualTo(14400);
        JsonNode task = def.at("/States/RunBatchTask");
        assertThat(task.get("TimeoutSeconds").asInt()).isEqualTo(900);
        assertThat(task.get("HeartbeatSeconds").asInt()).isEqualTo(120);
        assertThat(task.at("/Retry/0/MaxAttempts").asInt()).isEqualTo(5);
        assertThat(task.at("/Retry/0/IntervalSeconds").asInt()).isEqualTo(10);
        assertThat(task.at("/Retry/0/MaxDelaySeconds").asInt()).isEqualTo(120);
        assertThat(def.at("/States/CheckRestarts/Choices/0/NumericLessThan").asInt()).isEqualTo(1);

        JsonNode policy = flowPolicy(m);
        assertThat(policy.get("Statement")).extracting(s -> s.get("Sid").asText())
            .containsExactly("StartWorkerInstances", "InvokeStatusFunction", "LogDelivery");

        Registered fn = m.single(FUNCTION, n -> n.equals("flow-status"));
        assertThat(fn.input("memorySize")).isEqualTo(256.0);
        assertThat(fn.input("timeout")).isEqualTo(20.0);
        Map<?, ?> env = (Map<?, ?>) ((Map<?, ?>) fn.input("environment")).get("variables");
        assertThat(env.get("DB_PORT")).isEqualTo("6432");
        assertThat(env.get("DB_SSL_MODE")).isEqualTo("require");
        assertThat(m.single(LOG_GROUP, n -> n.equals("flow-status-logs")).input("retentionInDays")).isEqualTo(30.0);
        for (Registered alarm : m.ofType(ALARM)) {
            assertThat(alarm.input("alarmActions")).isEqualTo(List.of("arn:aws:sns:us-east-1:123456789012:ops"));
        }
    }

    @Test
    void loggingOffDropsTheLogDestinationAndTheLogDeliveryGrant() throws Exception {
        RecordingMocks m = run(required().observability(WorkflowObservabilityArgs.builder().logLevel("OFF").build()).build()).mocks();
        assertThat(m.single(SFN).input("loggingConfiguration")).isEqualTo(Map.of("level", "OFF"));
        assertThat(flowPolicy(m).get("Statement")).extracting(s -> s.get("Sid").asText())
            .containsExactly("StartWorkerInstances", "InvokeStatusFunction", "XRayTracing");
    }

    @Test
    void givenInstanceArnsAreGrantedVerbatimAndDatabaseGroupGetsAnIngressRule() throws Exception {
        List<String> arns = List.of("arn:aws:ec2:eu-west-1:210987654321:instance/i-0aaa");
        RecordingMocks m = run(required().workerInstanceIds(List.of("i-0aaa")).workerInstanceArns(arns)
            .database(database().securityGroupId("sg-0db").build()).build()).mocks();
        assertThat(texts(statement(flowPolicy(m), "StartWorkerInstances").get("Resource"))).isEqualTo(arns);
        Registered ingress = m.single(INGRESS);
        assertThat(ingress.input("securityGroupId")).isEqualTo("sg-0db");
        assertThat(ingress.input("fromPort")).isEqualTo(5432.0);
        assertThat(ingress.input("toPort")).isEqualTo(5432.0);
        assertThat(ingress.input("referencedSecurityGroupId"))
            .isEqualTo(m.single("aws:ec2/securityGroup:SecurityGroup", n -> n.equals("flow-status-sg")).id());
    }

    @Test
    void customerManagedKeysGrantWhatStartingEncryptedWorkersAndReadingTheSecretNeed() throws Exception {
        String volumeKey = "arn:aws:kms:us-east-1:123456789012:key/volumes";
        String secretKey = "arn:aws:kms:us-east-1:123456789012:key/secret";
        RecordingMocks m = run(required().workerVolumeKmsKeyArn(volumeKey)
            .database(database().secretKmsKeyArn(secretKey).build()).build()).mocks();
        // Without CreateGrant, StartInstances "succeeds" and the instance drops back to stopped (Client.InternalError).
        JsonNode grant = statement(flowPolicy(m), "StartWorkersWithEncryptedVolumes");
        assertThat(texts(grant.get("Action"))).containsExactly("kms:CreateGrant");
        assertThat(texts(grant.get("Resource"))).containsExactly(volumeKey);
        assertThat(grant.at("/Condition/Bool/kms:GrantIsForAWSResource").asText()).isEqualTo("true");
        assertThat(grant.at("/Condition/StringEquals/kms:ViaService").asText()).isEqualTo("ec2.us-east-1.amazonaws.com");

        JsonNode fnPolicy = json.readTree((String) m.single("aws:iam/rolePolicy:RolePolicy",
            n -> n.equals("flow-status-policy")).input("policy"));
        JsonNode decrypt = statement(fnPolicy, "DecryptDatabaseSecret");
        assertThat(texts(decrypt.get("Action"))).containsExactly("kms:Decrypt");
        assertThat(texts(decrypt.get("Resource"))).containsExactly(secretKey);
        assertThat(decrypt.at("/Condition/StringEquals/kms:ViaService").asText())
            .isEqualTo("secretsmanager." + RecordingMocks.REGION + ".amazonaws.com");
    }

    @Test
    void aNameTooLongForTheStatusFunctionRoleFailsBeforeAnythingIsCreated() {
        String name = "f".repeat(45);
        assertThatThrownBy(() -> new OrchestrationFlow(name, required().build(), null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("OrchestrationFlow name '" + name + "': its status function role would be named '" + name
                + "-status-role-' plus 7 random characters (65), over AWS's limit of 64; shorten the name by "
                + "1 character(s)");
    }

    @Test
    void withoutCustomerManagedKeysNoKmsActionIsGranted() throws Exception {
        RecordingMocks m = run(required().build()).mocks();
        assertThat(flowPolicy(m).toString()).doesNotContain("kms:");
        assertThat((String) m.single("aws:iam/rolePolicy:RolePolicy", n -> n.equals("flow-status-policy"))
            .input("policy")).doesNotContain("kms:");
    }

    @Test
    void everyInvalidSettingIsReportedInOneMessageAndNothingIsCreated() {
        var outcome = MockRun.runAllowingErrors(ctx -> new OrchestrationFlow("flow", OrchestrationFlowArgs.builder()
            .heartbeatSeconds(600).taskTimeoutSeconds(600).maxWorkerRestarts(-1)
            .observability(WorkflowObservabilityArgs.builder().logLevel("DEBUG").build())
            .logRetentionDays(42).database(DatabaseConnectionArgs.builder().sslMode("off").build())
            .transientRetryIntervalSeconds(60)
            .transientRetryMaxDelaySeconds(30).executionTimeoutSeconds(600).statusFunctionMemoryMb(64)
            .tags(List.of(TagArgs.of("aws:owner", "x")))
            .build(), null));
        assertThat(outcome.mocks().resources()).isEmpty();
        String message = String.valueOf(outcome.result().exceptions());
        assertThat(message).contains("OrchestrationFlowArgs: "
            + "activityArn is required; workerInstanceIds is required; network.vpcId is required; "
            + "network.subnetIds is required; database.host is required; database.name is required; "
            + "database.secretArn is required; "
            + "database.sslMode must be one of [verify-full, verify-ca, require] (got off); "
            + "observability.logLevel must be one of [ALL, ERROR, FATAL, OFF] (got DEBUG); "
            + "logRetentionDays must be one of ");
        assertThat(message).contains("(got 42); "
            + "statusFunctionMemoryMb must be 128..10240 (got 64); "
            + "heartbeatSeconds must be below taskTimeoutSeconds (got 600 >= 600); "
            + "maxWorkerRestarts must be 0..10 (got -1); "
            + "transientRetryMaxDelaySeconds must be at least transientRetryIntervalSeconds (got 30 < 60); "
            + "executionTimeoutSeconds must be above taskTimeoutSeconds (got 600 <= 600); "
            + "tags must not use the reserved aws: prefix");
    }

    @Test
    void nullArgsAreRefusedWithTheRequiredFields() {
        assertThatThrownBy(() -> OrchestrationFlowDefaults.resolve(null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("OrchestrationFlowArgs: args are required");
    }

    @Test
    void noWorkerInstancesFailsTheDeploymentWithTheFieldName() {
        var outcome = MockRun.runAllowingErrors(ctx -> new OrchestrationFlow("flow",
            required().workerInstanceIds(List.of()).build(), null));
        assertThat(outcome.result().exitCode()).isNotZero();
        assertThat(outcome.result().errors().toString() + outcome.result().exceptions())
            .contains("OrchestrationFlowArgs: workerInstanceIds must not be empty");
    }
}
