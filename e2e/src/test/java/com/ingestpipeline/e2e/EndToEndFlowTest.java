package com.ingestpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.functions.common.testing.TestS3;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole flow offline (see {@link EndToEndRun} for what runs and what is replaced): each test asserts one
 * outcome of the one run.
 */
class EndToEndFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EndToEndRun run;

    @BeforeAll
    static void runTheFlow() throws Exception {
        run = EndToEndRun.get();
    }

    @Test
    void uploadedCsv_isRecordedAsReceived_andStartsOneExecutionWithTheDesignedInput() {
        assertThat(run.firstDelivery.failed()).as("first delivery: %s", run.firstDelivery).isFalse();
        assertThat(run.rowsAfterIngest).hasSize(1);
        Map<String, Object> row = run.rowsAfterIngest.get(0);
        assertThat(row).containsEntry("status", "received").containsEntry("bucket", run.bucket)
                .containsEntry("object_key", run.key).containsEntry("format", "csv");
        assertThat((String) row.get("version_id")).isNotEmpty();

        JsonNode input = run.executionInput;
        assertThat(input.path("fileId").asLong()).isEqualTo(((Number) row.get("id")).longValue());
        assertThat(input.path("bucket").asText()).isEqualTo(run.bucket);
        assertThat(input.path("key").asText()).isEqualTo(run.key);
        assertThat(input.path("versionId").asText()).isEqualTo(row.get("version_id"));
        assertThat(input.path("format").asText()).isEqualTo("csv");
        assertThat(input.path("compression").asText()).isEqualTo("none");
        assertThat(input.path("resultsPrefix").asText()).isEqualTo(run.resultsPrefix);
        assertThat(run.executionName).matches("f-[0-9a-f]{64}").isEqualTo(row.get("execution_name"));
    }

    @Test
    void worker_processesTheTask_andReportsSuccessWithItsOutputs() {
        assertThat(run.task.outcome()).as("task error %s: %s", run.task.error(), run.task.cause()).isEqualTo("SUCCEEDED");
        assertThat(run.task.workerName()).isEqualTo("i-0e2e000000000000a");
        JsonNode out = run.task.output();
        long fileId = run.executionInput.path("fileId").asLong();
        assertThat(out.path("fileId").asLong()).isEqualTo(fileId);
        assertThat(out.path("job").asText()).isEqualTo("profile");
        assertThat(out.path("rowCount").asLong()).isEqualTo(5);
        assertThat(out.path("malformedCount").asLong()).isZero();
        assertThat(out.path("outputs").path("profile").asText()).isEqualTo(run.resultsPrefix + fileId + "/profile.json");
        assertThat(out.path("outputs").path("data").asText()).isEqualTo(run.resultsPrefix + fileId + "/data.parquet");
        assertThat(out.path("outputs").path("rejects").asText()).isEqualTo(run.resultsPrefix + fileId + "/rejects.parquet");
    }

    @Test
    void outputs_existUnderTheResultsPrefix_andTheProfileIsRightForTheSample() throws Exception {
        long fileId = run.executionInput.path("fileId").asLong();
        var s3 = TestS3.get().client();
        JsonNode profile;
        try (InputStream in = s3.getObject(b -> b.bucket(run.bucket).key(run.resultsPrefix + fileId + "/profile.json"))) {
            profile = JSON.readTree(in);
        }
        assertThat(profile.path("rowCount").asLong()).isEqualTo(5);
        assertThat(profile.path("malformedCount").asLong()).isZero();
        JsonNode amount = column(profile, "amount");
        assertThat(amount.path("type").asText()).isEqualTo("DOUBLE");
        assertThat(amount.path("nullCount").asLong()).isEqualTo(1);
        assertThat(amount.path("min").asDouble()).isEqualTo(2.25);
        assertThat(amount.path("max").asDouble()).isEqualTo(100.0);
        assertThat(amount.path("mean").asDouble()).isEqualTo(30.0);
        assertThat(column(profile, "city").path("distinctEstimate").asLong()).isEqualTo(3);
        assertThat(column(profile, "order_id").path("type").asText()).isEqualTo("BIGINT");
        assertThat(column(profile, "order_id").path("max").asLong()).isEqualTo(5);
        assertThat(column(profile, "shipped").path("type").asText()).isEqualTo("BOOLEAN");
    }

    @Test
    void dataParquet_readBackByASecondReader_hasTheUploadsRows() throws Exception {
        long fileId = run.executionInput.path("fileId").asLong();
        List<List<String>> rows = ParquetReader.rows(TestS3.get().client(), run.bucket,
                run.resultsPrefix + fileId + "/data.parquet", "order_id");

        assertThat(rows).hasSize(EndToEndRun.SAMPLE_CSV.strip().split("\n").length - 1);
        assertThat(rows.get(0)).containsExactly("1", "Lisbon", "10.5", "true");
        assertThat(rows.get(1)).containsExactly("2", "Porto", null, "false");
    }

    @Test
    void sqlJob_ofTheExample_runsOverTheUpload_andItsResultIsReadBack() throws Exception {
        assertThat(run.sqlTask.outcome()).as("SQL task error %s: %s", run.sqlTask.error(), run.sqlTask.cause())
                .isEqualTo("SUCCEEDED");
        JsonNode out = run.sqlTask.output();
        assertThat(out.path("job").asText()).isEqualTo("sql");
        String key = out.path("outputs").path("result").asText();
        assertThat(key).isEqualTo(run.resultsPrefix + out.path("fileId").asLong() + "/result.parquet");

        assertThat(ParquetReader.rows(TestS3.get().client(), run.bucket, key, "city")).containsExactly(
                List.of("Faro", "1", "100.0", "100.0"),
                java.util.Arrays.asList("Lisbon", "2", "17.75", "7.25"),
                java.util.Arrays.asList("Porto", "2", "2.25", "2.25"));
        assertThat(run.resultsAfterSqlWorker).anySatisfy(r -> {
            assertThat(r).containsEntry("job", "sql").containsEntry("file_id", out.path("fileId").asLong());
            assertThat(((Number) r.get("row_count")).longValue()).isEqualTo(3);
        });
    }

    @Test
    void row_isProcessed_withOneResultRow() {
        assertThat(run.rowsAfterWorker).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("status", "processed");
            assertThat(row.get("finished_at")).isNotNull();
        });
        assertThat(run.resultsAfterWorker).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("job", "profile");
            assertThat(((Number) r.get("row_count")).longValue()).isEqualTo(5);
        });
    }

    @Test
    void noNewObject_matchesTheNotificationFilter_soResultsNeverTriggerIngest() {
        JsonNode rule = run.plan.resource("aws:s3/bucketNotification:BucketNotification", "-notification")
                .inputs().path("lambdaFunctions").path(0);
        String prefix = rule.path("filterPrefix").asText("");
        String suffix = rule.path("filterSuffix").asText("");
        List<String> created = new ArrayList<>(run.objectsAfterWorker);
        created.removeAll(run.objectsBefore);
        assertThat(created).as("the worker wrote its outputs").isNotEmpty();
        for (String object : created) {
            String key = object.substring(0, object.indexOf(" @ "));
            assertThat(key.startsWith(prefix) && key.endsWith(suffix))
                    .as("%s would trigger the ingest function again (filter prefix '%s' suffix '%s')", key, prefix, suffix)
                    .isFalse();
        }
    }

    @Test
    void secondDeliveryOfTheSameEvent_changesNothing() {
        assertThat(run.secondDelivery.failed()).as("second delivery: %s", run.secondDelivery).isFalse();
        assertThat(run.rowsAfterRedelivery).isEqualTo(run.rowsAfterWorker);
        assertThat(run.resultsAfterRedelivery).isEqualTo(run.resultsAfterWorker);
        assertThat(run.objectsAfterRedelivery).isEqualTo(run.objectsAfterWorker);
        assertThat(run.executionsAfterRedelivery).isEqualTo(1);
        assertThat(run.acceptedStartsAfterRedelivery).as("no second execution accepted").isEqualTo(1);
    }

    @Test
    void worker_stopsOnSigterm() {
        // 143 = terminated by SIGTERM after the shutdown hook drained; 0 = exited by itself.
        assertThat(run.workerExitCode).isIn(0, 143);
    }

    private static JsonNode column(JsonNode profile, String name) {
        for (JsonNode c : profile.path("columns")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("profile has no column " + name + ": " + profile);
    }
}
