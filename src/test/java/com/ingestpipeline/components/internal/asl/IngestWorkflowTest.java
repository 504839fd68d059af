package com.ingestpipeline.components.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngestWorkflowTest {
    static final String ACTIVITY = "arn:aws:states:us-east-1:123456789012:activity:batch";
    static final String STATUS_FN = "arn:aws:lambda:us-east-1:123456789012:function:status";
    static final List<String> INSTANCES = List.of("i-0aaa", "i-0bbb");

    static IngestWorkflow.Settings settings() {
        return new IngestWorkflow.Settings(ACTIVITY, INSTANCES, STATUS_FN, 3600, 300, 3, 4, 30, 600, 86400);
    }

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void definitionPassesTheRealAslValidator() throws Exception {
        String definition = IngestWorkflow.definition(settings()).toJson();
        AslTools.Result result = AslTools.validate(definition);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void aslValidatorRejectsATransitionToAMissingState() throws Exception {
        // GIVEN the real definition with RunBatchTask's Next pointing nowhere
        JsonNode doc = json.readTree(IngestWorkflow.definition(settings()).toJson());
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.at("/States/RunBatchTask")).put("Next", "Nowhere");
        // THEN the validator fails it, so the passing test above is not a validator that accepts anything
        AslTools.Result result = AslTools.validate(json.writeValueAsString(doc));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("Nowhere");
    }

    @Test
    void definitionHasNoStructuralProblems() {
        StateMachineDefinition def = IngestWorkflow.definition(settings());
        assertThat(def.problems()).isEmpty();
        assertThat(def.states().keySet()).containsExactly("Prepare", "StartWorkers", "RunBatchTask",
            "CheckRestarts", "CountRestart", "RestartsExhausted", "RecordFailure", "Succeeded", "Failed");
    }

    @Test
    void startWorkersStartsEveryInstanceAndRetriesWhileOneIsStopping() throws Exception {
        JsonNode s = json.readTree(IngestWorkflow.definition(settings()).toJson()).at("/States/StartWorkers");
        assertThat(s.get("Resource").asText()).isEqualTo("arn:aws:states:::aws-sdk:ec2:startInstances");
        assertThat(texts(s.at("/Parameters/InstanceIds"))).containsExactly("i-0aaa", "i-0bbb");
        assertThat(s.get("ResultPath").isNull()).isTrue();
        // EC2 errors reach an aws-sdk:ec2 task only as Ec2.Ec2Exception (the code is in Cause); the earlier
        // expectation of Ec2.IncorrectInstanceStateException named an error Step Functions never reports.
        assertThat(s.get("Retry")).hasSize(1);
        JsonNode stopping = s.at("/Retry/0");
        assertThat(texts(stopping.get("ErrorEquals"))).containsExactly("Ec2.Ec2Exception");
        assertThat(stopping.get("BackoffRate").asDouble()).isGreaterThan(1.0);
        assertThat(stopping.get("MaxAttempts").asInt()).isGreaterThanOrEqualTo(5);
        // A worker that powered itself off takes a minute or more to reach "stopped": the budget must outlast that.
        assertThat(totalMaxWaitSeconds(stopping)).isGreaterThan(300);
        assertThat(texts(s.at("/Catch/0/ErrorEquals"))).containsExactly("States.ALL");
        assertThat(s.at("/Catch/0/Next").asText()).isEqualTo("RecordFailure");
        assertThat(s.get("Next").asText()).isEqualTo("RunBatchTask");
    }

    @Test
    void runBatchTaskPassesTheExecutionInputToTheActivityWithTimeoutsRetriesAndCatches() throws Exception {
        JsonNode s = json.readTree(IngestWorkflow.definition(settings()).toJson()).at("/States/RunBatchTask");
        assertThat(s.get("Resource").asText()).isEqualTo(ACTIVITY);
        assertThat(s.get("InputPath").asText()).isEqualTo("$.file");
        assertThat(s.has("Parameters")).isFalse();
        assertThat(s.get("TimeoutSeconds").asInt()).isEqualTo(3600);
        assertThat(s.get("HeartbeatSeconds").asInt()).isEqualTo(300);
        JsonNode retry = s.at("/Retry/0");
        assertThat(texts(retry.get("ErrorEquals"))).containsExactly("Worker.Transient");
        assertThat(retry.get("MaxAttempts").asInt()).isEqualTo(4);
        assertThat(retry.get("IntervalSeconds").asInt()).isEqualTo(30);
        assertThat(retry.get("BackoffRate").asDouble()).isEqualTo(2.0);
        assertThat(retry.get("MaxDelaySeconds").asInt()).isEqualTo(600);
        assertThat(retry.get("JitterStrategy").asText()).isEqualTo("FULL");
        assertThat(s.get("Retry")).hasSize(1);
        assertThat(texts(s.at("/Catch/0/ErrorEquals"))).containsExactly("States.HeartbeatTimeout", "States.Timeout");
        assertThat(s.at("/Catch/0/Next").asText()).isEqualTo("CheckRestarts");
        assertThat(texts(s.at("/Catch/1/ErrorEquals"))).containsExactly("States.ALL");
        assertThat(s.at("/Catch/1/Next").asText()).isEqualTo("RecordFailure");
        assertThat(s.get("Next").asText()).isEqualTo("Succeeded");
    }

    @Test
    void restartsAreCountedAndBounded() throws Exception {
        JsonNode states = json.readTree(IngestWorkflow.definition(settings()).toJson()).get("States");
        assertThat(states.at("/Prepare/Parameters/restarts").asInt()).isZero();
        assertThat(states.at("/Prepare/Parameters/file.$").asText()).isEqualTo("$");
        JsonNode rule = states.at("/CheckRestarts/Choices/0");
        assertThat(rule.get("Variable").asText()).isEqualTo("$.restarts");
        assertThat(rule.get("NumericLessThan").asInt()).isEqualTo(3);
        assertThat(rule.get("Next").asText()).isEqualTo("CountRestart");
        assertThat(states.at("/CheckRestarts/Default").asText()).isEqualTo("RestartsExhausted");
        assertThat(states.at("/CountRestart/Parameters/restarts.$").asText())
            .isEqualTo("States.MathAdd($.restarts, 1)");
        assertThat(states.at("/CountRestart/Next").asText()).isEqualTo("StartWorkers");
        assertThat(states.at("/RestartsExhausted/Next").asText()).isEqualTo("RecordFailure");
    }

    @Test
    void recordFailureInvokesTheStatusFunctionWithTheContractPayloadThenFails() throws Exception {
        JsonNode s = json.readTree(IngestWorkflow.definition(settings()).toJson()).at("/States/RecordFailure");
        assertThat(s.get("Resource").asText()).isEqualTo("arn:aws:states:::lambda:invoke");
        assertThat(s.at("/Parameters/FunctionName").asText()).isEqualTo(STATUS_FN);
        JsonNode payload = s.at("/Parameters/Payload");
        assertThat(fieldNames(payload)).containsExactly("action", "fileId.$", "error.$", "cause.$");
        assertThat(payload.get("action").asText()).isEqualTo("recordFailure");
        assertThat(payload.get("fileId.$").asText()).isEqualTo("$.file.fileId");
        assertThat(payload.get("error.$").asText()).isEqualTo("$.error.Error");
        assertThat(payload.get("cause.$").asText()).isEqualTo("$.error.Cause");
        assertThat(texts(s.at("/Retry/0/ErrorEquals"))).contains("Lambda.ServiceException", "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException");
        assertThat(s.get("Next").asText()).isEqualTo("Failed");
        assertThat(s.at("/Catch/0/Next").asText()).isEqualTo("Failed");
        JsonNode failed = json.readTree(IngestWorkflow.definition(settings()).toJson()).at("/States/Failed");
        assertThat(failed.get("Type").asText()).isEqualTo("Fail");
        assertThat(failed.get("ErrorPath").asText()).isEqualTo("$.error.Error");
    }

    @Test
    void zeroRestartsSendsTheFirstTimeoutStraightToTheFailureRecord() throws Exception {
        var s = new IngestWorkflow.Settings(ACTIVITY, INSTANCES, STATUS_FN, 600, 60, 0, 1, 5, 60, null);
        JsonNode doc = json.readTree(IngestWorkflow.definition(s).toJson());
        assertThat(doc.at("/States/CheckRestarts/Choices/0/NumericLessThan").asInt()).isZero();
        assertThat(doc.has("TimeoutSeconds")).isFalse();
        assertThat(IngestWorkflow.definition(s).problems()).isEmpty();
    }

    @Test
    void permissionsEachTaskNeedsAreScopedToTheInstancesAndTheStatusFunction() {
        var tasks = IngestWorkflow.definition(settings()).tasks();
        assertThat(TaskPermissions.required(tasks.get("StartWorkers"), "aws", "us-east-1", "123456789012"))
            .containsExactly(new TaskPermissions.Permission("ec2:StartInstances", List.of(
                "arn:aws:ec2:us-east-1:123456789012:instance/i-0aaa",
                "arn:aws:ec2:us-east-1:123456789012:instance/i-0bbb")));
        assertThat(TaskPermissions.required(tasks.get("RecordFailure"), "aws", "us-east-1", "123456789012"))
            .containsExactly(new TaskPermissions.Permission("lambda:InvokeFunction", List.of(STATUS_FN)));
        assertThat(TaskPermissions.required(tasks.get("RunBatchTask"), "aws", "us-east-1", "123456789012")).isEmpty();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The longest the retrier can wait in total (before jitter shortens each wait). */
    private static double totalMaxWaitSeconds(JsonNode retrier) {
        double wait = retrier.get("IntervalSeconds").asDouble();
        double cap = retrier.has("MaxDelaySeconds") ? retrier.get("MaxDelaySeconds").asDouble() : Double.MAX_VALUE;
        double total = 0;
        for (int i = 0; i < retrier.get("MaxAttempts").asInt(); i++) {
            total += Math.min(wait, cap);
            wait *= retrier.get("BackoffRate").asDouble();
        }
        return total;
    }
}
