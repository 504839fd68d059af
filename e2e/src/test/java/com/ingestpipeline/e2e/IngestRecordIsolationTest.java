package com.ingestpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.e2e.fakes.FakeSecretsManager;
import com.ingestpipeline.e2e.fakes.FakeStepFunctions;
import com.ingestpipeline.e2e.runtime.ApiCallRecorder;
import com.ingestpipeline.e2e.runtime.ChildJvm;
import com.ingestpipeline.e2e.runtime.LambdaFunctionProcess;
import com.ingestpipeline.e2e.runtime.LocalRuntimeApi;
import com.ingestpipeline.functions.common.testing.FaultyS3;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import com.ingestpipeline.functions.common.testing.TestS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The planned ingest function (its jar, handler and environment, {@code BUCKET_NAME} included) given one event
 * whose records fail in every way the audit tried: a record for another bucket, S3's 403, a 404, a key that is not
 * valid S3 encoding, rejected content, and S3 throttling. S3 answers through {@link FaultyS3} in front of S3Mock.
 * Rows are looked up by this test's own keys, so the shared database of the other end-to-end tests is left alone.
 */
class IngestRecordIsolationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CSV = "id,city\n1,Lisbon\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void oneEvent_everyFailureKind_onlyTheTransientOneIsRetried_andNothingElseIsLost() throws Exception {
        Plan plan = Plan.load(EndToEndRun.STACK);
        Plan.Resource function = plan.functionWithHandler(EndToEndRun.INGEST_HANDLER);
        Map<String, String> env = function.environment();
        String bucket = env.get("BUCKET_NAME");
        assertThat(bucket).as("the stack tells the function its bucket").isEqualTo(plan.output("bucketName"));
        String dir = env.get("INPUT_PREFIX") + "isolation-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "/";
        TestS3 s3 = TestS3.get();
        s3.createVersionedBucket(bucket);
        String foreign = s3.createBucket("someone-elses-" + System.nanoTime());
        s3.put(foreign, dir + "theirs.csv", CSV, "text/csv");

        ArrayNode records = JSON.createArrayNode();
        record(records, plan, foreign, dir + "theirs.csv", s3.client().headObject(b -> b.bucket(foreign).key(dir + "theirs.csv")));
        record(records, plan, bucket, dir + "slow.csv", upload(s3, bucket, dir + "slow.csv", CSV));
        record(records, plan, bucket, dir + "denied.csv", upload(s3, bucket, dir + "denied.csv", CSV));
        record(records, plan, bucket, dir + "gone.csv", HeadObjectResponse.builder().contentLength(17L)
                .eTag("0123456789abcdef0123456789abcdef").build());
        record(records, plan, bucket, dir + "empty.csv", upload(s3, bucket, dir + "empty.csv", new byte[0]));
        record(records, plan, bucket, dir + "bad-key.csv", upload(s3, bucket, dir + "bad-key.csv", CSV));
        ((ObjectNode) records.get(records.size() - 1).path("s3").path("object")).put("key", dir + "bad%zzkey.csv");
        record(records, plan, bucket, dir + "good.csv", upload(s3, bucket, dir + "good.csv", CSV));
        ObjectNode eventJson = JSON.createObjectNode();
        eventJson.set("Records", records);
        byte[] event = JSON.writeValueAsBytes(eventJson);

        TestDatabase db = TestDatabase.get();
        Path work = Files.createDirectories(Path.of(System.getProperty("e2e.workDir", "target/e2e-work"))
                .toAbsolutePath().resolve("isolation"));
        try (FaultyS3 proxy = new FaultyS3(s3.endpoint());
             FakeStepFunctions sfn = new FakeStepFunctions(Duration.ofSeconds(1));
             FakeSecretsManager secrets = new FakeSecretsManager()) {
            sfn.stateMachine(env.get("STATE_MACHINE_ARN"));
            secrets.put(env.get("DB_SECRET_ARN"), TestDatabase.USER, TestDatabase.PASSWORD);
            proxy.fail(bucket, dir + "denied.csv", FaultyS3.Fault.ACCESS_DENIED);
            proxy.fail(bucket, dir + "slow.csv", FaultyS3.Fault.SLOW_DOWN);
            Map<String, String> overrides = new LinkedHashMap<>(Map.of("DB_HOST", "localhost",
                    "DB_PORT", Integer.toString(db.port()), "DB_SSL_MODE", "disable",
                    "AWS_ENDPOINT_URL_S3", proxy.endpoint().toString(),
                    "AWS_ENDPOINT_URL_SFN", sfn.endpoint().toString(),
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint().toString()));
            if (!TestDatabase.NAME.equals(env.get("DB_NAME"))) {
                overrides.put("DB_NAME", TestDatabase.NAME);
            }
            try (LambdaFunctionProcess fn = LambdaFunctionProcess.start(plan, function, overrides,
                    new ApiCallRecorder(work.resolve("api-calls.jsonl"), "ingest-function"), work)) {
                // 1. S3 throttles slow.csv past the SDK's retries: the invocation fails, after every other record.
                LocalRuntimeApi.Outcome first = fn.invoke(event, Duration.ofSeconds(120));
                Map<String, Map<String, Object>> rows = rows(db, bucket, dir);
                String log = ChildJvm.tail(fn.log(), 80);
                assertThat(first.failed()).as("first delivery fails for the throttled record: %s%n%s", first, log).isTrue();
                assertThat(first.body()).contains("Status Code: 503");
                assertThat(rows.keySet()).as(log).containsExactlyInAnyOrder("good.csv", "denied.csv", "gone.csv", "empty.csv");
                assertThat(rows.get("good.csv")).containsEntry("status", "received");
                assertThat((String) rows.get("good.csv").get("execution_name")).matches("f-[0-9a-f]{64}");
                assertThat(rows.get("denied.csv")).containsEntry("status", "rejected")
                        .containsEntry("status_reason", "access denied reading the object (S3 403 AccessDenied)");
                assertThat(rows.get("gone.csv")).containsEntry("status", "rejected")
                        .containsEntry("status_reason", "object no longer exists (deleted before it could be read)");
                assertThat(rows.get("empty.csv")).containsEntry("status", "rejected")
                        .containsEntry("status_reason", "empty object (0 bytes)");
                assertThat(proxy.requests()).as("the other account's bucket is never read").isNotEmpty()
                        .noneMatch(r -> r.contains(foreign));
                assertThat(started(sfn)).containsExactly(rows.get("good.csv").get("execution_name"));

                // 2. Lambda's retry of the same event, S3 answering again: only slow.csv is new.
                proxy.heal(bucket, dir + "slow.csv");
                LocalRuntimeApi.Outcome retry = fn.invoke(event, Duration.ofSeconds(120));
                assertThat(retry.failed()).as("retry: %s", retry).isFalse();
                JsonNode summary = JSON.readTree(retry.body());
                assertThat(summary.path("records").asInt()).isEqualTo(7);
                assertThat(summary.path("started").asInt()).as(summary.toString()).isEqualTo(1);
                assertThat(summary.path("duplicates").asInt()).as("good, denied, gone, empty").isEqualTo(4);
                assertThat(summary.path("foreignBucket").asInt()).isEqualTo(1);
                assertThat(summary.path("ignored").asInt()).as("bad key").isEqualTo(1);
                assertThat(summary.path("failed").asInt()).isZero();
                Map<String, Map<String, Object>> after = rows(db, bucket, dir);
                assertThat(after.get("slow.csv")).containsEntry("status", "received");
                assertThat(started(sfn)).containsExactlyInAnyOrder(rows.get("good.csv").get("execution_name"),
                        after.get("slow.csv").get("execution_name"));
                assertThat(proxy.requests()).noneMatch(r -> r.contains(foreign));
            }
        }
    }

    private static HeadObjectResponse upload(TestS3 s3, String bucket, String key, byte[] content) {
        s3.client().putObject(b -> b.bucket(bucket).key(key).contentType("text/csv"), RequestBody.fromBytes(content));
        return s3.client().headObject(b -> b.bucket(bucket).key(key));
    }

    private static void record(ArrayNode records, Plan plan, String bucket, String key, HeadObjectResponse head)
            throws Exception {
        String sequencer = String.format("%018X", (Instant.now().toEpochMilli() << 8) + records.size());
        byte[] one = S3Events.objectCreated(plan.config("aws:region"), bucket, key, head, sequencer, "ingest-pipeline-e2e",
                Instant.now());
        records.add(JSON.readTree(one).path("Records").get(0));
    }

    private static List<Object> started(FakeStepFunctions sfn) {
        return sfn.calls("StartExecution").stream().filter(c -> c.error() == null)
                .map(c -> (Object) c.request().path("name").asText()).toList();
    }

    /** This test's rows by file name (the part of the key after {@code dir}). */
    private static Map<String, Map<String, Object>> rows(TestDatabase db, String bucket, String dir) throws Exception {
        return EndToEndRun.rows(db, "SELECT * FROM ingest_file WHERE bucket = '" + bucket + "' AND object_key LIKE '"
                        + dir + "%' ORDER BY id").stream()
                .collect(Collectors.toMap(r -> ((String) r.get("object_key")).substring(dir.length()), r -> r));
    }
}
