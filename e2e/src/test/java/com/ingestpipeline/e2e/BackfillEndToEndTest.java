package com.ingestpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.e2e.fakes.FakeSecretsManager;
import com.ingestpipeline.e2e.fakes.FakeStepFunctions;
import com.ingestpipeline.e2e.iam.ApiCallMapping;
import com.ingestpipeline.e2e.iam.Authorization;
import com.ingestpipeline.e2e.iam.PolicySet;
import com.ingestpipeline.e2e.runtime.ApiCallRecorder;
import com.ingestpipeline.e2e.runtime.ChildJvm;
import com.ingestpipeline.e2e.runtime.LambdaFunctionProcess;
import com.ingestpipeline.e2e.runtime.LocalRuntimeApi;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import com.ingestpipeline.functions.common.testing.TestS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The planned backfill state machine over a few hundred objects in the local S3 server, end to end: the definition
 * as planned runs in aws-local-stepfunctions (its ItemReader/ItemBatcher emulated by {@link DistributedMapEmulation},
 * which the interpreter lacks), every batch its IngestBatch task received is then delivered to the planned ingest
 * function (its jar, handler and environment, in a Lambda-like JVM) with the database and Step Functions it talks to,
 * and the rows and executions are counted. Runs: ingest, ingest again, reprocess.
 */
class BackfillEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OBJECTS = 300;
    private static final String MAP_STATE = "ListAndIngest";

    private static Plan plan;
    private static JsonNode definition;
    private static String bucket;
    private static String prefix;
    private static Run firstIngest;
    private static Run secondIngest;
    private static Run reprocess;
    private static final FakeStepFunctions STEP_FUNCTIONS = new FakeStepFunctions(Duration.ofSeconds(2));
    private static final FakeSecretsManager SECRETS = new FakeSecretsManager();
    private static ApiCallRecorder functionCalls;
    private static LambdaFunctionProcess function;

    /** One backfill execution: what the interpreter did and what the function made of each batch. */
    record Run(JsonNode interpreter, List<JsonNode> batches, List<LocalRuntimeApi.Outcome> outcomes,
               Set<String> executionsStarted, List<Map<String, Object>> rows) {
    }

    @BeforeAll
    static void backfillThreeTimes() throws Exception {
        plan = Plan.load(EndToEndRun.STACK);
        definition = plan.resource("aws:sfn/stateMachine:StateMachine", "-backfill-sm").jsonInput("definition");
        bucket = plan.output("bucketName");
        Plan.Resource ingest = plan.functionWithHandler(EndToEndRun.INGEST_HANDLER);
        Map<String, String> env = ingest.environment();
        prefix = env.get("INPUT_PREFIX") + "backfill-e2e-" + System.nanoTime() + "/";

        TestDatabase db = TestDatabase.get();
        TestS3 s3 = TestS3.get();
        s3.createVersionedBucket(bucket);
        for (int i = 0; i < OBJECTS; i++) {
            s3.put(bucket, prefix + String.format("part-%03d.csv", i),
                    ("id,value\n" + i + ",x\n").getBytes(StandardCharsets.UTF_8), "text/csv");
        }
        SECRETS.put(env.get("DB_SECRET_ARN"), TestDatabase.USER, TestDatabase.PASSWORD);
        STEP_FUNCTIONS.stateMachine(env.get("STATE_MACHINE_ARN"));

        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("DB_HOST", "localhost");
        overrides.put("DB_PORT", Integer.toString(db.port()));
        overrides.put("DB_SSL_MODE", "disable");
        if (!TestDatabase.NAME.equals(env.get("DB_NAME"))) {
            overrides.put("DB_NAME", TestDatabase.NAME);
        }
        overrides.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        overrides.put("AWS_ENDPOINT_URL_SFN", STEP_FUNCTIONS.endpoint().toString());
        overrides.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", SECRETS.endpoint().toString());
        Path work = Files.createDirectories(Path.of(System.getProperty("e2e.workDir", "target/e2e-work"))
                .toAbsolutePath().resolve("backfill"));
        functionCalls = new ApiCallRecorder(work.resolve("api-calls.jsonl"), "ingest-function-backfill");
        function = LambdaFunctionProcess.start(plan, ingest, overrides, functionCalls, work);

        firstIngest = backfill("backfill-1", "ingest");
        secondIngest = backfill("backfill-2", "ingest");
        reprocess = backfill("backfill-3", "reprocess");
    }

    @AfterAll
    static void stop() {
        if (function != null) {
            function.close();
        }
        STEP_FUNCTIONS.close();
        SECRETS.close();
    }

    @Test
    void theListingIsBatchedAsPlanned_andEveryBatchCarriesTheRunAndTheRequest() {
        JsonNode r = firstIngest.interpreter();
        assertThat(r.path("status").asText()).as("%s", r).isEqualTo("SUCCEEDED");
        int perBatch = definition.path("States").path(MAP_STATE).at("/ItemBatcher/MaxItemsPerBatch").asInt();
        assertThat(firstIngest.batches()).hasSize((OBJECTS + perBatch - 1) / perBatch);
        Set<String> keys = new HashSet<>();
        for (JsonNode batch : firstIngest.batches()) {
            assertThat(batch.at("/BatchInput/bucket").asText()).isEqualTo(bucket);
            assertThat(batch.at("/BatchInput/runId").asText()).isEqualTo("backfill-1");
            assertThat(batch.at("/BatchInput/request/prefix").asText()).isEqualTo(prefix);
            assertThat(batch.at("/BatchInput/request/mode").asText()).isEqualTo("ingest");
            batch.path("Items").forEach(item -> keys.add(item.path("Key").asText()));
        }
        assertThat(keys).hasSize(OBJECTS);
    }

    @Test
    void everyObject_getsExactlyOneRow_andOneExecution() {
        assertThat(firstIngest.outcomes()).allSatisfy(o -> assertThat(o.failed()).as("%s", o).isFalse());
        assertThat(firstIngest.rows()).hasSize(OBJECTS)
                .allSatisfy(row -> assertThat(row).containsEntry("status", "received"));
        Set<Object> names = new HashSet<>();
        firstIngest.rows().forEach(row -> names.add(row.get("execution_name")));
        assertThat(names).hasSize(OBJECTS).isEqualTo(Set.copyOf(firstIngest.executionsStarted()));
        assertThat(firstIngest.executionsStarted()).allMatch(n -> n.matches("f-[0-9a-f]{64}"));
    }

    @Test
    void backfillingAgainInIngestMode_startsNothingNew() {
        assertThat(secondIngest.interpreter().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(secondIngest.outcomes()).allSatisfy(o -> assertThat(o.failed()).as("%s", o).isFalse());
        assertThat(secondIngest.executionsStarted()).isEmpty();
        assertThat(secondIngest.rows()).isEqualTo(firstIngest.rows());
    }

    @Test
    void reprocess_startsExactlyOneNewExecutionPerObject() {
        assertThat(reprocess.outcomes()).allSatisfy(o -> assertThat(o.failed()).as("%s", o).isFalse());
        assertThat(reprocess.executionsStarted()).hasSize(OBJECTS).allMatch(n -> n.matches("r-[0-9a-f]{64}"))
                .doesNotContainAnyElementsOf(firstIngest.executionsStarted());
        assertThat(reprocess.rows()).hasSize(OBJECTS).allSatisfy(row -> {
            assertThat(row).containsEntry("status", "received");
            assertThat(reprocess.executionsStarted()).contains((String) row.get("execution_name"));
        });
    }

    @Test
    void aPrefixOutsideTheInputPrefix_failsAsABadRequest_beforeAnyBatch() throws Exception {
        ObjectNode scenario = JSON.createObjectNode();
        scenario.putObject("input").put("prefix", plan.output("resultsPrefix")).put("mode", "ingest");
        scenario.set("context", DistributedMapEmulation.context(definition, MAP_STATE, "bad", List.of()));
        JsonNode r = AslInterpreter.run(DistributedMapEmulation.definition(definition, MAP_STATE), scenario);
        assertThat(r.path("status").asText()).isEqualTo("FAILED");
        assertThat(r.path("error").asText()).isEqualTo("Backfill.BadRequest");
        assertThat(r.path("calls").path("IngestBatch")).isEmpty();
    }

    @Test
    void theFunctionsBackfillCalls_areAllAllowedByItsRole() {
        String role = plan.functionWithHandler(EndToEndRun.INGEST_HANDLER).input("role");
        String roleName = role.substring(role.lastIndexOf('/') + 1);
        PolicySet policies = new PolicySet(roleName);
        for (Plan.Resource p : plan.resources("aws:iam/rolePolicy:RolePolicy")) {
            if (p.input("role").equals(roleName)) {
                policies.add(p.name(), p.jsonInput("policy"));
            }
        }
        ApiCallMapping mapping = new ApiCallMapping(plan.config("aws:region"), "123456789012",
                token -> java.util.Optional.empty());
        List<String> denied = new ArrayList<>();
        functionCalls.calls().forEach(call -> mapping.authorizations(call).stream().filter(a -> !policies.allows(a))
                .forEach(a -> denied.add(call.operation() + " needs " + a.action() + " on " + a.resource())));
        assertThat(functionCalls.calls()).isNotEmpty();
        assertThat(denied).isEmpty();
    }

    @Test
    void theBackfillRole_allowsWhatTheDefinitionDoes_andListsNothingOutsideTheInputPrefix() {
        String smName = plan.resource("aws:sfn/stateMachine:StateMachine", "-backfill-sm").name();
        String roleName = plan.resource("aws:sfn/stateMachine:StateMachine", "-backfill-sm").input("roleArn");
        roleName = roleName.substring(roleName.lastIndexOf('/') + 1);
        PolicySet policies = new PolicySet(roleName);
        for (Plan.Resource p : plan.resources("aws:iam/rolePolicy:RolePolicy")) {
            if (p.input("role").equals(roleName)) {
                policies.add(p.name(), p.jsonInput("policy"));
            }
        }
        String region = plan.config("aws:region");
        String machine = "arn:aws:states:" + region + ":123456789012:stateMachine:" + smName;
        String child = "arn:aws:states:" + region + ":123456789012:execution:" + smName + "/Backfill:0b1c";
        JsonNode map = definition.path("States").path(MAP_STATE);
        String manifest = "arn:aws:s3:::" + bucket + "/" + map.at("/ResultWriter/Parameters/Prefix").asText()
                + "/0b1c/manifest.json";
        String fn = map.at("/ItemProcessor/States/IngestBatch/Parameters/FunctionName").asText();
        List<Authorization> needed = List.of(
                new Authorization("states:StartExecution", machine),
                new Authorization("states:DescribeExecution", child),
                new Authorization("states:StopExecution", child),
                new Authorization("s3:ListBucket", "arn:aws:s3:::" + bucket, Map.of("s3:prefix", prefix)),
                new Authorization("s3:PutObject", manifest),
                new Authorization("s3:GetObject", manifest),
                new Authorization("lambda:InvokeFunction", fn));
        assertThat(needed).allSatisfy(a -> assertThat(policies.allows(a)).as("%s", a).isTrue());
        assertThat(policies.allows(new Authorization("s3:ListBucket", "arn:aws:s3:::" + bucket,
                Map.of("s3:prefix", plan.output("resultsPrefix"))))).as("list outside the input prefix").isFalse();
        assertThat(policies.allows(new Authorization("s3:GetObject", "arn:aws:s3:::" + bucket + "/" + prefix
                + "part-000.csv"))).as("read an input object").isFalse();
    }

    private static Run backfill(String runId, String mode) throws Exception {
        Set<String> before = new HashSet<>();
        STEP_FUNCTIONS.executions().forEach(e -> before.add(e.name));
        ObjectNode scenario = JSON.createObjectNode();
        scenario.putObject("input").put("prefix", prefix).put("mode", mode);
        scenario.set("context", DistributedMapEmulation.context(definition, MAP_STATE, runId,
                DistributedMapEmulation.listing(TestS3.get().client(), bucket, prefix)));
        scenario.putObject("tasks").putArray("IngestBatch").addObject().putObject("return").putObject("Payload");
        JsonNode interpreter = AslInterpreter.run(DistributedMapEmulation.definition(definition, MAP_STATE), scenario);
        // IngestBatch receives its Parameters: the function to invoke and the batch as its Payload.
        String functionArn = definition.path("States").path(MAP_STATE)
                .at("/ItemProcessor/States/IngestBatch/Parameters/FunctionName").asText();
        List<JsonNode> batches = new ArrayList<>();
        for (JsonNode call : interpreter.path("calls").path("IngestBatch")) {
            if (!call.path("FunctionName").asText().equals(functionArn)) {
                throw new AssertionError("IngestBatch invoked " + call.path("FunctionName") + ", not " + functionArn);
            }
            batches.add(call.path("Payload"));
        }
        List<LocalRuntimeApi.Outcome> outcomes = new ArrayList<>();
        for (JsonNode batch : batches) {
            long t0 = System.nanoTime();
            LocalRuntimeApi.Outcome o = function.invoke(JSON.writeValueAsBytes(batch), Duration.ofSeconds(120));
            // A figure for docs/backfill.md (printed, never asserted): the function's time for one batch here.
            System.out.printf("backfill e2e: %s batch of %d objects in %d ms%n", mode, batch.path("Items").size(),
                    (System.nanoTime() - t0) / 1_000_000);
            if (o.failed()) {
                throw new AssertionError("batch failed: " + o + "; log:\n" + ChildJvm.tail(function.log(), 40));
            }
            JsonNode summary = JSON.readTree(o.body());
            if (!summary.path("error").isNull()) {
                throw new AssertionError("batch refused: " + summary);
            }
            outcomes.add(o);
        }
        Set<String> started = new HashSet<>();
        STEP_FUNCTIONS.executions().forEach(e -> started.add(e.name));
        started.removeAll(before);
        return new Run(interpreter, batches, outcomes, started, EndToEndRun.rows(TestDatabase.get(),
                "SELECT id, object_key, status, execution_name, sequencer FROM ingest_file WHERE object_key LIKE '"
                        + prefix + "%' ORDER BY id"));
    }
}
