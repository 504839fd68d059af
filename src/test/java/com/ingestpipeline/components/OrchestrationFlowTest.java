package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.internal.asl.AslChecks;
import com.ingestpipeline.components.internal.asl.AslTools;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.asset.FileArchive;
import com.pulumi.test.PulumiTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OrchestrationFlowTest {
    static final String SFN = "aws:sfn/stateMachine:StateMachine";
    static final String ROLE = "aws:iam/role:Role";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    static final String LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
    static final String ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    static final String FUNCTION = "aws:lambda/function:Function";
    static final String ALIAS = "aws:lambda/alias:Alias";
    static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    static final String ACTIVITY = "arn:aws:states:us-east-1:123456789012:activity:flow-batch";
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1-abc";
    static final List<String> OUTPUTS = List.of("stateMachineArn", "stateMachineName", "activityArn", "roleArn",
        "statusFunctionName", "statusFunctionArn", "logGroupName", "definition");

    final ObjectMapper json = new ObjectMapper();

    /** The required database fields; tests add overrides on the returned builder. */
    static DatabaseConnectionArgs.Builder database() {
        return DatabaseConnectionArgs.builder().host("db.example.internal").name("ingest").secretArn(SECRET);
    }

    /** Args with every required field; tests add overrides on the returned builder. */
    static OrchestrationFlowArgs.Builder required() {
        return OrchestrationFlowArgs.builder()
            .activityArn(ACTIVITY)
            .workerInstanceIds(List.of("i-0aaa", "i-0bbb"))
            .network(NetworkPlacementArgs.builder().vpcId("vpc-01").subnetIds(List.of("subnet-a", "subnet-b")).build())
            .database(database().build())
            .statusFunctionCode(new FileArchive("status.jar"));
    }

    static MockRun.Outcome run(OrchestrationFlowArgs args) {
        return MockRun.run(ctx -> {
            var flow = new OrchestrationFlow("flow", args, null);
            ctx.export("stateMachineArn", flow.stateMachineArn);
            ctx.export("stateMachineName", flow.stateMachineName);
            ctx.export("activityArn", flow.activityArn);
            ctx.export("roleArn", flow.roleArn);
            ctx.export("statusFunctionName", flow.statusFunctionName);
            ctx.export("statusFunctionArn", flow.statusFunctionArn);
            ctx.export("logGroupName", flow.logGroupName);
            ctx.export("definition", flow.definition);
        });
    }

    static Object output(MockRun.Outcome outcome, String name) {
        return PulumiTest.extractValue(outcome.result().output(name));
    }

    JsonNode definition(RecordingMocks m) throws Exception {
        return json.readTree((String) m.single(SFN).input("definition"));
    }

    JsonNode flowPolicy(RecordingMocks m) throws Exception {
        return json.readTree((String) m.single(ROLE_POLICY, n -> n.equals("flow-policy")).input("policy"));
    }

    static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode s : policy.get("Statement")) {
            if (sid.equals(s.path("Sid").asText())) {
                return s;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policy);
    }

    static List<String> texts(JsonNode oneOrMany) {
        List<String> out = new ArrayList<>();
        if (oneOrMany.isArray()) {
            oneOrMany.forEach(n -> out.add(n.asText()));
        } else {
            out.add(oneOrMany.asText());
        }
        return out;
    }

    @Test
    void defaultStateMachineIsStandardLoggedTracedEncryptedAndRunsAsItsRole() throws Exception {
        var outcome = run(required().tags(List.of(TagArgs.of("team", "data"))).build());
        RecordingMocks m = outcome.mocks();
        Registered sm = m.single(SFN);
        Registered role = m.single(ROLE, n -> n.equals("flow-role"));
        Registered logs = m.single(LOG_GROUP, n -> n.equals("flow-logs"));

        assertThat(sm.name()).isEqualTo("flow-sm");
        assertThat(sm.input("type")).isEqualTo("STANDARD");
        assertThat(sm.input("roleArn")).isEqualTo("arn:aws:iam::123456789012:role/flow-role");
        assertThat(sm.input("loggingConfiguration")).isEqualTo(Map.of("level", "ALL", "includeExecutionData", true,
            "logDestination", "arn:aws:logs:us-east-1:123456789012:log-group:flow-logs:*"));
        assertThat(sm.input("tracingConfiguration")).isEqualTo(Map.of("enabled", true));
        assertThat(sm.input("encryptionConfiguration")).isEqualTo(Map.of("type", "AWS_OWNED_KEY"));
        assertThat(sm.input("tags")).isEqualTo(Map.of("team", "data", "ingestpipeline:component", "flow"));

        assertThat(logs.input("namePrefix")).isEqualTo("/aws/vendedlogs/states/flow-");
        assertThat(logs.input("retentionInDays")).isEqualTo(365.0);
        assertThat(logs.input("tags")).isEqualTo(Map.of("team", "data", "ingestpipeline:component", "flow"));
        assertThat(role.input("tags")).isEqualTo(Map.of("team", "data", "ingestpipeline:component", "flow"));

        for (String name : OUTPUTS) {
            assertThat(output(outcome, name)).as(name).isNotNull();
        }
        assertThat(output(outcome, "stateMachineArn")).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:flow-sm");
        assertThat(output(outcome, "activityArn")).isEqualTo(ACTIVITY);
        assertThat(output(outcome, "definition")).isEqualTo(sm.input("definition"));
    }

    @Test
    void roleTrustsOnlyStepFunctionsOfThisAccount() throws Exception {
        RecordingMocks m = run(required().build()).mocks();
        JsonNode trust = json.readTree((String) m.single(ROLE, n -> n.equals("flow-role")).input("assumeRolePolicy"));
        assertThat(trust.get("Statement")).hasSize(1);
        JsonNode s = trust.get("Statement").get(0);
        assertThat(s.get("Effect").asText()).isEqualTo("Allow");
        assertThat(s.get("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(s.at("/Principal/Service").asText()).isEqualTo("states.amazonaws.com");
        assertThat(s.at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo("123456789012");
        assertThat(s.at("/Condition/ArnLike/aws:SourceArn").asText())
            .isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:flow-sm-*");
    }

    @Test
    void rolePolicyGrantsEachPermissionOnItsOwnScope() throws Exception {
        RecordingMocks m = run(required().build()).mocks();
        JsonNode policy = flowPolicy(m);
        assertThat(policy.get("Statement")).hasSize(4);

        JsonNode start = statement(policy, "StartWorkerInstances");
        assertThat(texts(start.get("Action"))).containsExactly("ec2:StartInstances");
        assertThat(texts(start.get("Resource"))).containsExactly(
            "arn:aws:ec2:us-east-1:123456789012:instance/i-0aaa", "arn:aws:ec2:us-east-1:123456789012:instance/i-0bbb");

        String fn = "arn:aws:lambda:us-east-1:123456789012:function:flow-status";
        JsonNode invoke = statement(policy, "InvokeStatusFunction");
        assertThat(texts(invoke.get("Action"))).containsExactly("lambda:InvokeFunction");
        assertThat(texts(invoke.get("Resource"))).as("the live alias only").containsExactly(fn + ":live");

        JsonNode logDelivery = statement(policy, "LogDelivery");
        assertThat(texts(logDelivery.get("Action"))).containsExactlyInAnyOrder("logs:CreateLogDelivery",
            "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries",
            "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");
        assertThat(texts(logDelivery.get("Resource"))).containsExactly("*");

        JsonNode xray = statement(policy, "XRayTracing");
        assertThat(texts(xray.get("Action"))).containsExactlyInAnyOrder("xray:PutTraceSegments",
            "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets");
        for (JsonNode s : policy.get("Statement")) {
            assertThat(s.get("Effect").asText()).isEqualTo("Allow");
            assertThat(texts(s.get("Action"))).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
        }
        // The state machine is created only after its role can deliver logs (CreateStateMachine checks it).
        assertThat(m.resources().indexOf(m.single(ROLE_POLICY, n -> n.equals("flow-policy"))))
            .isLessThan(m.resources().indexOf(m.single(SFN)));
    }

    @Test
    void statusFunctionRunsTheStatusHandlerWithExactlyTheDatabaseVariables() throws Exception {
        RecordingMocks m = run(required().build()).mocks();
        Registered fn = m.single(FUNCTION, n -> n.equals("flow-status"));
        assertThat(fn.input("handler")).isEqualTo("com.ingestpipeline.functions.ingest.StatusHandler::handleRequest");
        assertThat(fn.input("runtime")).isEqualTo("java21");
        assertThat(fn.input("architectures")).isEqualTo(List.of("arm64"));
        assertThat(fn.input("memorySize")).isEqualTo(512.0);
        assertThat(fn.input("timeout")).isEqualTo(30.0);
        assertThat(fn.input("environment")).isEqualTo(Map.of("variables", Map.of(
            "DB_HOST", "db.example.internal", "DB_PORT", "5432", "DB_NAME", "ingest",
            "DB_SECRET_ARN", SECRET, "DB_SSL_MODE", "verify-full")));
        assertThat(fn.input("vpcConfig")).asString().contains("subnet-a", "subnet-b");

        JsonNode fnPolicy = json.readTree((String) m.single(ROLE_POLICY, n -> n.equals("flow-status-policy"))
            .input("policy"));
        JsonNode secret = statement(fnPolicy, "ReadDatabaseSecret");
        assertThat(texts(secret.get("Action"))).containsExactly("secretsmanager:GetSecretValue");
        assertThat(texts(secret.get("Resource"))).containsExactly(SECRET);
        assertThat(m.ofType(INGRESS)).isEmpty();
    }

    @Test
    void definitionWiresTheActivityTheInstancesAndTheStatusFunctionAlias() throws Exception {
        var outcome = run(required().build());
        JsonNode def = definition(outcome.mocks());
        String alias = "arn:aws:lambda:us-east-1:123456789012:function:flow-status:live";
        assertThat(def.at("/States/RunBatchTask/Resource").asText()).isEqualTo(ACTIVITY);
        assertThat(def.at("/States/RunBatchTask/TimeoutSeconds").asInt()).isEqualTo(3600);
        assertThat(def.at("/States/RunBatchTask/HeartbeatSeconds").asInt()).isEqualTo(300);
        assertThat(texts(def.at("/States/StartWorkers/Parameters/InstanceIds"))).containsExactly("i-0aaa", "i-0bbb");
        assertThat(def.at("/States/RecordFailure/Parameters/FunctionName").asText()).isEqualTo(alias);
        assertThat(output(outcome, "statusFunctionArn")).isEqualTo(alias);
        assertThat(def.at("/States/CheckRestarts/Choices/0/NumericLessThan").asInt()).isEqualTo(3);
        assertThat(def.get("TimeoutSeconds").asInt()).isEqualTo(86400);
        assertThat(AslChecks.problems(def)).isEmpty();
    }

    @Test
    void definitionFromThePlanPassesTheRealAslValidator() throws Exception {
        String def = (String) run(required().build()).mocks().single(SFN).input("definition");
        AslTools.Result result = AslTools.validate(def);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void alarmsFireOnAnyFailedOrTimedOutExecution() {
        RecordingMocks m = run(required().build()).mocks();
        String smArn = "arn:aws:states:us-east-1:123456789012:stateMachine:flow-sm";
        assertThat(m.ofType(ALARM)).extracting(Registered::name)
            .containsExactlyInAnyOrder("flow-failed-alarm", "flow-timed-out-alarm");
        Map<String, String> metrics = Map.of("flow-failed-alarm", "ExecutionsFailed",
            "flow-timed-out-alarm", "ExecutionsTimedOut");
        for (Registered alarm : m.ofType(ALARM)) {
            assertThat(alarm.input("namespace")).isEqualTo("AWS/States");
            assertThat(alarm.input("metricName")).isEqualTo(metrics.get(alarm.name()));
            assertThat(alarm.input("dimensions")).isEqualTo(Map.of("StateMachineArn", smArn));
            assertThat(alarm.input("statistic")).isEqualTo("Sum");
            assertThat(alarm.input("threshold")).isEqualTo(0.0);
            assertThat(alarm.input("comparisonOperator")).isEqualTo("GreaterThanThreshold");
            assertThat(alarm.input("evaluationPeriods")).isEqualTo(1.0);
            assertThat(alarm.input("treatMissingData")).isEqualTo("notBreaching");
            assertThat(alarm.input("alarmActions")).isNull();
            assertThat(alarm.input("tags")).isEqualTo(Map.of("ingestpipeline:component", "flow"));
        }
    }
}
