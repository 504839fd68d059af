package com.ingestpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.e2e.fakes.FakeSecretsManager;
import com.ingestpipeline.e2e.runtime.ApiCallRecorder;
import com.ingestpipeline.e2e.runtime.LambdaFunctionProcess;
import com.ingestpipeline.e2e.runtime.LocalRuntimeApi;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The state machine definition exactly as the plan gives it to {@code aws:sfn/stateMachine:StateMachine}, run in a
 * local ASL interpreter with local handlers for its Tasks: the success path, a worker heartbeat timeout that
 * starts the worker again and then succeeds, and a permanent failure that invokes the status function and fails.
 * The failure record the interpreter produces is then delivered to the planned status function (its jar, handler
 * and environment, in a Lambda-like JVM) to show the row really ends {@code failed}.
 */
class StateMachineScenariosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Plan plan;
    private static JsonNode definition;
    private static ObjectNode executionInput;
    private static ObjectNode workerOutput;

    @BeforeAll
    static void load() {
        plan = Plan.load(EndToEndRun.STACK);
        definition = plan.resource("aws:sfn/stateMachine:StateMachine", "-flow-sm").jsonInput("definition");
        executionInput = JSON.createObjectNode().put("fileId", 42).put("bucket", plan.output("bucketName"))
                .put("key", "incoming/a.csv").put("versionId", "v1").put("etag", "abc").put("format", "csv")
                .put("compression", "none").put("resultsPrefix", plan.output("resultsPrefix"));
        workerOutput = JSON.createObjectNode().put("fileId", 42).put("job", "profile").put("rowCount", 10)
                .put("malformedCount", 0);
        workerOutput.putObject("outputs").put("profile", "results/42/profile.json")
                .put("data", "results/42/data.parquet");
    }

    @Test
    void success_startsTheWorkers_handsTheExecutionInputToTheActivity_andSucceedsWithTheWorkersOutput() throws Exception {
        JsonNode r = AslInterpreter.run(definition, scenario(Map.of(
                "StartWorkers", List.of(returns(JSON.createObjectNode())),
                "RunBatchTask", List.of(returns(workerOutput)))));
        assertThat(r.path("status").asText()).as("%s", r).isEqualTo("SUCCEEDED");
        assertThat(r.path("output")).isEqualTo(workerOutput);
        assertThat(r.path("calls").path("StartWorkers")).hasSize(1);
        assertThat(r.path("calls").path("StartWorkers").path(0).path("InstanceIds"))
                .isEqualTo(plan.outputNode("workerInstanceIds"));
        assertThat(r.path("calls").path("RunBatchTask")).containsExactly(executionInput);
        assertThat(r.path("calls").path("RecordFailure")).isEmpty();
    }

    @Test
    void heartbeatTimeout_startsTheWorkerAgain_thenSucceeds() throws Exception {
        JsonNode r = AslInterpreter.run(definition, scenario(Map.of(
                "StartWorkers", List.of(returns(JSON.createObjectNode())),
                "RunBatchTask", List.of(fails("States.HeartbeatTimeout", ""), returns(workerOutput)))));
        assertThat(r.path("status").asText()).as("%s", r).isEqualTo("SUCCEEDED");
        assertThat(r.path("output")).isEqualTo(workerOutput);
        assertThat(r.path("calls").path("StartWorkers")).as("worker started, then restarted").hasSize(2);
        assertThat(r.path("calls").path("RunBatchTask")).containsExactly(executionInput, executionInput);
        assertThat(r.path("calls").path("RecordFailure")).isEmpty();
    }

    @Test
    void permanentFailure_invokesTheStatusFunction_whichMarksTheRowFailed_andTheExecutionFails() throws Exception {
        TestDatabase db = TestDatabase.get();
        long fileId = insertProcessingRow(db);
        ObjectNode input = executionInput.deepCopy().put("fileId", fileId);
        ObjectNode scenario = scenario(Map.of(
                "StartWorkers", List.of(returns(JSON.createObjectNode())),
                "RunBatchTask", List.of(fails("Worker.Permanent", "not a CSV: binary content at byte 0"))));
        scenario.set("input", input);
        JsonNode r = AslInterpreter.run(definition, scenario);

        assertThat(r.path("status").asText()).as("%s", r).isEqualTo("FAILED");
        assertThat(r.path("error").asText()).isEqualTo("Worker.Permanent");
        assertThat(r.path("calls").path("RunBatchTask")).as("permanent errors are not retried").hasSize(1);
        JsonNode invoke = r.path("calls").path("RecordFailure").path(0);
        Plan.Resource status = plan.functionWithHandler("com.ingestpipeline.functions.ingest.StatusHandler::handleRequest");
        assertThat(invoke.path("FunctionName").asText()).startsWith("arn:aws:lambda:").contains(":function:" + status.name());
        JsonNode payload = invoke.path("Payload");
        assertThat(payload.path("action").asText()).isEqualTo("recordFailure");
        assertThat(payload.path("fileId").asLong()).isEqualTo(fileId);
        assertThat(payload.path("error").asText()).isEqualTo("Worker.Permanent");

        // The payload, delivered to the planned status function.
        Path work = Files.createDirectories(Path.of(System.getProperty("e2e.workDir", "target/e2e-work"))
                .toAbsolutePath().resolve("status-fn"));
        try (FakeSecretsManager secrets = new FakeSecretsManager()
                .put(status.environment().get("DB_SECRET_ARN"), TestDatabase.USER, TestDatabase.PASSWORD);
             LambdaFunctionProcess fn = LambdaFunctionProcess.start(plan, status, Map.of(
                     "DB_HOST", "localhost", "DB_PORT", Integer.toString(db.port()), "DB_SSL_MODE", "disable",
                     "AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint().toString()),
                     new ApiCallRecorder(work.resolve("api-calls.jsonl"), "status-function"), work)) {
            LocalRuntimeApi.Outcome outcome = fn.invoke(payload.toString().getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(90));
            assertThat(outcome.failed()).as("status function: %s", outcome).isFalse();
            Map<String, Object> row = EndToEndRun.rows(db, "SELECT * FROM ingest_file WHERE id = " + fileId).get(0);
            assertThat(row).containsEntry("status", "failed");
            assertThat((String) row.get("status_reason")).contains("Worker.Permanent");
        }
    }

    private static long insertProcessingRow(TestDatabase db) throws Exception {
        try (var c = db.adminConnection(); var st = c.createStatement(); var rs = st.executeQuery(
                "INSERT INTO ingest_file (bucket, object_key, version_id, etag, sequencer, size_bytes, format, "
                        + "compression, status, execution_name) VALUES ('" + plan.output("bucketName") + "', "
                        + "'incoming/scenario-" + System.nanoTime() + ".csv', 'v1', 'abc', '00AA', 10, 'csv', 'none', "
                        + "'processing', 'f-scenario') RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static ObjectNode scenario(Map<String, List<ObjectNode>> tasks) {
        ObjectNode s = JSON.createObjectNode();
        s.set("input", executionInput);
        ObjectNode t = s.putObject("tasks");
        tasks.forEach((state, outcomes) -> {
            ArrayNode a = t.putArray(state);
            outcomes.forEach(a::add);
        });
        return s;
    }

    private static ObjectNode returns(JsonNode value) {
        ObjectNode o = JSON.createObjectNode();
        o.set("return", value);
        return o;
    }

    private static ObjectNode fails(String error, String cause) {
        ObjectNode o = JSON.createObjectNode();
        o.putObject("throw").put("error", error).put("cause", cause);
        return o;
    }
}
