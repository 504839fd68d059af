package com.ingestpipeline.components.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the generated definition in a real ASL interpreter (aws-local-stepfunctions) with scripted task
 * outcomes: each path of the workflow, not just its shape.
 */
class IngestWorkflowInterpreterTest {
    private static final String INPUT = "{\"fileId\":42,\"bucket\":\"b\",\"key\":\"incoming/a.csv\",\"versionId\":\"v1\","
        + "\"etag\":\"abc\",\"format\":\"csv\",\"compression\":\"none\",\"resultsPrefix\":\"results/\"}";
    private static final String TASK_OUTPUT = "{\"fileId\":42,\"job\":\"profile\",\"rowCount\":10,\"malformedCount\":0}";

    private final ObjectMapper json = new ObjectMapper();

    /** GIVEN scripted outcomes per task state, WHEN the workflow runs, THEN the interpreter's result. */
    @SuppressWarnings("unchecked")
    private JsonNode run(Object... stateThenOutcomes) throws Exception {
        ObjectNode scenario = json.createObjectNode();
        scenario.set("input", json.readTree(INPUT));
        ObjectNode tasks = scenario.putObject("tasks");
        for (int i = 0; i < stateThenOutcomes.length; i += 2) {
            ArrayNode outcomes = tasks.putArray((String) stateThenOutcomes[i]);
            for (String outcome : (List<String>) stateThenOutcomes[i + 1]) {
                outcomes.add(json.readTree(outcome));
            }
        }
        String definition = IngestWorkflow.definition(IngestWorkflowTest.settings()).toJson();
        AslTools.Result result = AslTools.runScenario(definition, json.writeValueAsString(scenario));
        assertThat(result.exitCode()).as(result.output()).isZero();
        String lastLine = result.output().strip().lines().reduce((a, b) -> b).orElse("");
        return json.readTree(lastLine);
    }

    private static String fail(String error, String cause) {
        return "{\"throw\":{\"error\":\"" + error + "\",\"cause\":\"" + cause + "\"}}";
    }

    private static String ok(String output) {
        return "{\"return\":" + output + "}";
    }

    @Test
    void successStartsTheWorkersOnceAndHandsTheUnchangedInputToTheActivity() throws Exception {
        JsonNode r = run("RunBatchTask", List.of(ok(TASK_OUTPUT)));
        assertThat(r.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(r.get("output")).isEqualTo(json.readTree(TASK_OUTPUT));
        assertThat(r.at("/calls/StartWorkers")).hasSize(1);
        assertThat(r.at("/calls/StartWorkers/0")).isEqualTo(json.readTree("{\"InstanceIds\":[\"i-0aaa\",\"i-0bbb\"]}"));
        assertThat(r.at("/calls/RunBatchTask/0")).isEqualTo(json.readTree(INPUT));
        assertThat(r.at("/calls/RecordFailure")).isEmpty();
    }

    @Test
    void transientWorkerErrorIsRetriedOnTheSameWorkerWithoutARestart() throws Exception {
        JsonNode r = run("RunBatchTask", List.of(fail("Worker.Transient", "throttled"), ok(TASK_OUTPUT)));
        assertThat(r.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(r.at("/calls/RunBatchTask")).hasSize(2);
        assertThat(r.at("/calls/StartWorkers")).hasSize(1);
    }

    @Test
    void transientErrorThatOutlastsTheRetriesIsRecordedAsAFailure() throws Exception {
        JsonNode r = run("RunBatchTask", List.of(fail("Worker.Transient", "still throttled")));
        assertThat(r.get("status").asText()).isEqualTo("FAILED");
        assertThat(r.get("error").asText()).isEqualTo("Worker.Transient");
        assertThat(r.at("/calls/RunBatchTask")).hasSize(1 + 4); // first try + transientRetryAttempts
        assertThat(r.at("/calls/RecordFailure/0/Payload")).isEqualTo(json.readTree(
            "{\"action\":\"recordFailure\",\"fileId\":42,\"error\":\"Worker.Transient\",\"cause\":\"still throttled\"}"));
    }

    @Test
    void heartbeatTimeoutRestartsTheWorkerAndTheTaskThenSucceeds() throws Exception {
        JsonNode r = run("RunBatchTask", List.of(fail("States.HeartbeatTimeout", ""), ok(TASK_OUTPUT)));
        assertThat(r.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(r.at("/calls/StartWorkers")).hasSize(2);
        assertThat(r.at("/calls/RunBatchTask/1")).isEqualTo(json.readTree(INPUT));
    }

    @Test
    void aWorkerThatNeverAnswersIsRestartedAtMostMaxRestartsTimesThenRecorded() throws Exception {
        JsonNode r = run("RunBatchTask", List.of(fail("States.Timeout", "")));
        assertThat(r.get("status").asText()).isEqualTo("FAILED");
        assertThat(r.at("/calls/StartWorkers")).hasSize(1 + 3);
        assertThat(r.at("/calls/RunBatchTask")).hasSize(1 + 3);
        assertThat(r.at("/calls/RecordFailure")).hasSize(1);
        assertThat(r.at("/calls/RecordFailure/0/Payload")).isEqualTo(json.readTree("{\"action\":\"recordFailure\","
            + "\"fileId\":42,\"error\":\"States.Timeout\",\"cause\":\"no result from the worker after 3 restart(s)\"}"));
    }

    @Test
    void permanentWorkerErrorIsRecordedAtOnceAndFailsTheExecution() throws Exception {
        JsonNode r = run("RunBatchTask", List.of(fail("Worker.Permanent", "not a CSV")));
        assertThat(r.get("status").asText()).isEqualTo("FAILED");
        assertThat(r.get("error").asText()).isEqualTo("Worker.Permanent");
        assertThat(r.get("cause").asText()).isEqualTo("not a CSV");
        assertThat(r.at("/calls/RunBatchTask")).hasSize(1);
        assertThat(r.at("/calls/RecordFailure/0/FunctionName").asText()).isEqualTo(IngestWorkflowTest.STATUS_FN);
    }

    @Test
    void aWorkerStillStoppingIsStartedOnceItHasStopped() throws Exception {
        // What Step Functions reports for EC2's IncorrectInstanceState: the service-wide name, the code in Cause.
        String stopping = fail("Ec2.Ec2Exception", "The instance 'i-0aaa' is not in a state from which it can be "
            + "started. (Service: Ec2, Status Code: 400, Error Code: IncorrectInstanceState)");
        JsonNode r = run("StartWorkers", List.of(stopping, stopping, ok("{}")), "RunBatchTask", List.of(ok(TASK_OUTPUT)));
        assertThat(r.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(r.at("/calls/StartWorkers")).hasSize(3);
    }

    @Test
    void workersThatCannotBeStartedAreRecordedAsAFailureOnceTheRetriesAreSpent() throws Exception {
        JsonNode r = run("StartWorkers", List.of(fail("Ec2.Ec2Exception",
            "You are not authorized to perform this operation. (Service: Ec2, Error Code: UnauthorizedOperation)")));
        assertThat(r.get("status").asText()).isEqualTo("FAILED");
        assertThat(r.at("/calls/StartWorkers")).hasSize(1 + 10);
        assertThat(r.at("/calls/RunBatchTask")).isEmpty();
        assertThat(r.at("/calls/RecordFailure/0/Payload/error").asText()).isEqualTo("Ec2.Ec2Exception");
    }

    @Test
    void aStatusFunctionOutageStillEndsInTheOriginalFailure() throws Exception {
        JsonNode r = run("RunBatchTask", List.of(fail("Worker.Permanent", "not a CSV")),
            "RecordFailure", List.of(fail("Lambda.ServiceException", "down")));
        assertThat(r.get("status").asText()).isEqualTo("FAILED");
        assertThat(r.get("error").asText()).isEqualTo("Worker.Permanent");
        assertThat(r.at("/calls/RecordFailure").size()).isGreaterThan(1);
    }
}
