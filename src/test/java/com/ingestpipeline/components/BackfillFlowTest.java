package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.internal.asl.TaskPermissions;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.test.PulumiTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.ingestpipeline.components.OrchestrationFlowTest.statement;
import static com.ingestpipeline.components.OrchestrationFlowTest.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backfill component under mocks: the children it registers, their inputs, and its role's policies. */
class BackfillFlowTest {
    static final String SFN = "aws:sfn/stateMachine:StateMachine";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    static final String ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    static final String LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
    static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:ingest-fn:live";
    static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1111-2222";
    static final String SM_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:bf-sm";

    final ObjectMapper json = new ObjectMapper();

    static BackfillFlowArgs.Builder required() {
        return BackfillFlowArgs.builder().bucketName("data-bucket").inputPrefix("incoming/").resultsPrefix("results/")
            .ingestFunctionArn(FUNCTION);
    }

    static MockRun.Outcome run(BackfillFlowArgs args) {
        return MockRun.run(ctx -> {
            var flow = new BackfillFlow("bf", args, null);
            ctx.export("stateMachineArn", flow.stateMachineArn);
            ctx.export("manifestPrefix", flow.manifestPrefix);
            ctx.export("definition", flow.definition);
        });
    }

    JsonNode policy(RecordingMocks m, String name) throws Exception {
        return json.readTree((String) m.single(ROLE_POLICY, n -> n.equals(name)).input("policy"));
    }

    @Test
    void stateMachine_isStandard_loggedTracedEncrypted_andAlarmedLikeTheMainWorkflow() throws Exception {
        var outcome = run(required().maxConcurrency(25).toleratedFailurePercentage(2).itemsPerBatch(50)
            .alarmActionArns(List.of("arn:aws:sns:us-east-1:123456789012:ops")).build());
        RecordingMocks m = outcome.mocks();
        Registered sm = m.single(SFN);
        assertThat(sm.name()).isEqualTo("bf-sm");
        assertThat(sm.input("type")).isEqualTo("STANDARD");
        assertThat(sm.input("loggingConfiguration")).isEqualTo(Map.of("level", "ALL", "includeExecutionData", true,
            "logDestination", "arn:aws:logs:us-east-1:123456789012:log-group:bf-logs:*"));
        assertThat(sm.input("tracingConfiguration")).isEqualTo(Map.of("enabled", true));
        assertThat(sm.input("encryptionConfiguration")).isEqualTo(Map.of("type", "AWS_OWNED_KEY"));
        assertThat(m.single(LOG_GROUP).input("namePrefix")).isEqualTo("/aws/vendedlogs/states/bf-");
        assertThat(m.ofType(ALARM)).extracting(a -> a.input("metricName"))
            .containsExactlyInAnyOrder("ExecutionsFailed", "ExecutionsTimedOut");
        assertThat(m.ofType(ALARM)).allSatisfy(a ->
            assertThat(a.input("alarmActions")).isEqualTo(List.of("arn:aws:sns:us-east-1:123456789012:ops")));

        JsonNode map = json.readTree((String) sm.input("definition")).at("/States/ListAndIngest");
        assertThat(map.path("MaxConcurrency").asInt()).isEqualTo(25);
        assertThat(map.path("ToleratedFailurePercentage").asInt()).isEqualTo(2);
        assertThat(map.at("/ItemBatcher/MaxItemsPerBatch").asInt()).isEqualTo(50);
        assertThat(map.at("/ItemReader/Parameters/Bucket").asText()).isEqualTo("data-bucket");
        assertThat(map.at("/ResultWriter/Parameters/Prefix").asText()).isEqualTo("results/backfill");
        assertThat(map.at("/ItemProcessor/States/IngestBatch/Parameters/FunctionName").asText()).isEqualTo(FUNCTION);
        assertThat(PulumiTest.extractValue(outcome.result().output("manifestPrefix"))).isEqualTo("results/backfill");
        assertThat(PulumiTest.extractValue(outcome.result().output("stateMachineArn"))).isEqualTo(SM_ARN);
    }

    @Test
    void role_listsOnlyTheInputPrefix_writesOnlyTheManifest_invokesOnlyTheIngestFunction() throws Exception {
        RecordingMocks m = run(required().bucketKmsKeyArn(KEY).build()).mocks();
        JsonNode policy = policy(m, "bf-policy");

        JsonNode list = statement(policy, "ListInputPrefix");
        assertThat(texts(list.get("Action"))).containsExactly("s3:ListBucket");
        assertThat(texts(list.get("Resource"))).containsExactly("arn:aws:s3:::data-bucket");
        assertThat(list.at("/Condition/StringLike/s3:prefix").asText()).isEqualTo("incoming/*");
        JsonNode write = statement(policy, "WriteManifest");
        assertThat(texts(write.get("Resource"))).containsExactly("arn:aws:s3:::data-bucket/results/backfill/*");
        assertThat(texts(statement(policy, "InvokeIngestFunction").get("Resource"))).containsExactly(FUNCTION);
        assertThat(texts(statement(policy, "ManifestBucketKey").get("Resource"))).containsExactly(KEY);
        assertThat(statement(policy, "ManifestBucketKey").at("/Condition/StringEquals/kms:ViaService").asText())
            .isEqualTo("s3.us-east-1.amazonaws.com");
        JsonNode trust = new com.fasterxml.jackson.databind.ObjectMapper().readTree((String) m.single(
            "aws:iam/role:Role", n -> n.equals("bf-role")).input("assumeRolePolicy"));
        assertThat(trust.at("/Statement/0/Condition/ArnLike/aws:SourceArn").asText()).as("its own state machine only")
            .isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:bf-sm-*");

        JsonNode self = policy(m, "bf-self-policy");
        assertThat(texts(statement(self, "StartChildExecutions").get("Resource"))).containsExactly(SM_ARN);
        assertThat(texts(statement(self, "ManageChildExecutions").get("Resource")))
            .containsExactly("arn:aws:states:us-east-1:123456789012:execution:bf-sm/*");
        // The logging grant exists before the state machine (CreateStateMachine checks it).
        assertThat(m.resources().indexOf(m.single(ROLE_POLICY, n -> n.equals("bf-policy"))))
            .isLessThan(m.resources().indexOf(m.single(SFN)));
    }

    @Test
    void role_grantsExactlyWhatTheDefinitionUses_plusLogDeliveryAndTracing() throws Exception {
        RecordingMocks m = run(required().build()).mocks();
        JsonNode map = json.readTree((String) m.single(SFN).input("definition")).at("/States/ListAndIngest");
        Set<String> needed = new HashSet<>();
        for (TaskPermissions.Permission p : TaskPermissions.forDistributedMap(map, SM_ARN, "aws", "us-east-1",
            "123456789012")) {
            p.resources().forEach(r -> needed.add(p.action() + " " + r));
        }
        Set<String> granted = new HashSet<>();
        List<String> monitoring = new ArrayList<>();
        for (String name : List.of("bf-policy", "bf-self-policy")) {
            for (JsonNode s : policy(m, name).get("Statement")) {
                assertThat(s.get("Effect").asText()).isEqualTo("Allow");
                for (String action : texts(s.get("Action"))) {
                    if (action.startsWith("logs:") || action.startsWith("xray:")) {
                        monitoring.add(action);
                        continue;
                    }
                    texts(s.get("Resource")).forEach(r -> granted.add(action + " " + r));
                }
            }
        }
        assertThat(granted).isEqualTo(needed);
        assertThat(monitoring).contains("logs:CreateLogDelivery", "xray:PutTraceSegments");
    }

    @Test
    void loggingOffAndTracingOff_dropTheirGrants() throws Exception {
        RecordingMocks m = run(required().observability(WorkflowObservabilityArgs.builder().logLevel("OFF").tracingEnabled(false).build()).build()).mocks();
        assertThat(policy(m, "bf-policy").findValuesAsText("Sid")).doesNotContain("LogDelivery", "XRayTracing");
        assertThat(m.single(SFN).input("loggingConfiguration")).isEqualTo(Map.of("level", "OFF"));
    }

    @Test
    void badArgs_areReportedTogether_eachNamedByItsField() {
        assertThatThrownBy(() -> run(BackfillFlowArgs.builder().inputPrefix("incoming/").resultsPrefix("incoming/out/")
            .maxConcurrency(0).toleratedFailurePercentage(101).itemsPerBatch(5000).observability(WorkflowObservabilityArgs.builder().logLevel("LOUD").build()).build()))
            .hasStackTraceContaining("bucketName is required")
            .hasStackTraceContaining("ingestFunctionArn is required")
            .hasStackTraceContaining("resultsPrefix must not overlap inputPrefix")
            .hasStackTraceContaining("maxConcurrency must be 1..10000 (got 0)")
            .hasStackTraceContaining("toleratedFailurePercentage must be 0..100 (got 101)")
            .hasStackTraceContaining("itemsPerBatch must be 1..1000 (got 5000)")
            .hasStackTraceContaining("observability.logLevel must be one of");
    }
}
