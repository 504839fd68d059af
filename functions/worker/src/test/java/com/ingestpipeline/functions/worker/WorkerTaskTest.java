package com.ingestpipeline.functions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.config.DbConfig;
import com.ingestpipeline.functions.common.db.Database;
import com.ingestpipeline.functions.common.db.FileRepository;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One task through the real worker loop: S3 and PostgreSQL are real, Step Functions is a Mockito fake. */
class WorkerTaskTest {
    @TempDir
    Path workDir;
    WorkerHarness h;

    private static final byte[] CSV = "id,amount,city\n1,2.5,Oslo\n2,,Bergen\n3,4,Oslo\n".getBytes(StandardCharsets.UTF_8);

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void csvTask_uploadsOutputs_recordsTheResult_marksProcessed_andAnswersSuccess() throws Exception {
        h = new WorkerHarness(workDir).start();
        ObjectNode input = h.ingest("incoming/a.csv", CSV, "csv", "none");
        long id = input.get("fileId").asLong();

        h.submit(input);
        JsonNode out = h.awaitSuccess(1);

        assertThat(out.get("fileId").asLong()).isEqualTo(id);
        assertThat(out.get("job").asText()).isEqualTo("profile");
        assertThat(out.get("rowCount").asLong()).isEqualTo(3);
        assertThat(out.get("malformedCount").asLong()).isZero();
        assertThat(out.get("outputs").get("data").asText()).isEqualTo("results/" + id + "/data.parquet");
        assertThat(out.get("outputs").get("profile").asText()).isEqualTo("results/" + id + "/profile.json");
        assertThat(out.get("outputs").get("rejects").asText()).isEqualTo("results/" + id + "/rejects.parquet");
        assertThat(h.resultKeys(id)).containsExactly("results/" + id + "/data.parquet",
                "results/" + id + "/profile.json", "results/" + id + "/rejects.parquet");
        assertThat(h.parquetRows(id, "data.parquet", "id")).containsExactly(
                java.util.Arrays.asList("1", "2.5", "Oslo"), java.util.Arrays.asList("2", null, "Bergen"),
                java.util.Arrays.asList("3", "4.0", "Oslo"));
        assertThat(h.status(id)).isEqualTo("processed");
        var results = h.files.results(id);
        assertThat(results).hasSize(1);
        assertThat(results.get(0).rowCount()).isEqualTo(3);
        assertThat(results.get(0).summary().get("columns").get(2).get("distinctEstimate").asLong()).isEqualTo(2);
        assertThat(results.get(0).outputs()).containsEntry("profile", "results/" + id + "/profile.json");
        assertThat(h.activity.polls.get(0).workerName()).isEqualTo("i-0123456789abcdef0");
        assertThat(h.activity.failures).isEmpty();
        assertThat(Files.list(workDir)).isEmpty();
    }

    @Test
    void sqlJob_isTheDefaultWhenConfigured_andItsResultIsTheParquetInS3() throws Exception {
        Path sql = Files.writeString(workDir.resolveSibling(workDir.getFileName() + "-by-city.sql"),
                "SELECT city, count(*) AS n FROM input GROUP BY city;\n");
        h = new WorkerHarness(workDir);
        h.jobs = WorkerMain.jobs(WorkerHarness.settings(workDir, 1, Duration.ZERO, Duration.ofMillis(50),
                Duration.ofSeconds(5)).withSqlJobFile(sql));
        h.start();
        ObjectNode input = h.ingest("incoming/s.csv", CSV, "csv", "none");
        long id = input.get("fileId").asLong();

        h.submit(input);
        JsonNode out = h.awaitSuccess(1);

        assertThat(out.get("job").asText()).isEqualTo("sql");
        assertThat(h.resultKeys(id)).containsExactly("results/" + id + "/rejects.parquet", "results/" + id + "/result.parquet");
        assertThat(h.parquetRows(id, "result.parquet", "city")).containsExactly(List.of("Bergen", "1"), List.of("Oslo", "2"));
        assertThat(h.files.results(id)).singleElement().satisfies(r -> {
            assertThat(r.job()).isEqualTo("sql");
            assertThat(r.rowCount()).isEqualTo(2);
        });
        assertThat(h.status(id)).isEqualTo("processed");
    }

    @Test
    void badSqlJob_failsPermanentlyWithDuckDbsMessage_andLeavesNothingUnderResults() throws Exception {
        Path sql = Files.writeString(workDir.resolveSibling(workDir.getFileName() + "-bad.sql"),
                "SELECT cityy FROM input");
        h = new WorkerHarness(workDir);
        h.jobs = WorkerMain.jobs(WorkerHarness.settings(workDir, 1, Duration.ZERO, Duration.ofMillis(50),
                Duration.ofSeconds(5)).withSqlJobFile(sql));
        h.start();
        ObjectNode input = h.ingest("incoming/bad-sql.csv", CSV, "csv", "none");
        long id = input.get("fileId").asLong();

        h.submit(input);
        h.awaitAnswers(1);

        assertThat(h.activity.failures).singleElement().satisfies(f -> {
            assertThat(f.error()).isEqualTo("Worker.Permanent");
            assertThat(f.cause()).startsWith("SQL job ").contains("DuckDB: Binder Error").contains("cityy");
        });
        assertThat(h.resultKeys(id)).isEmpty();
        assertThat(h.count("SELECT count(*) FROM file_result")).isZero();
        assertThat(Files.list(workDir)).isEmpty();
    }

    @Test
    void redrivenTask_overwritesTheSameKeysAndRow_andARedeliveryAfterSuccessRepeatsTheResult() throws Exception {
        h = new WorkerHarness(workDir).start();
        ObjectNode input = h.ingest("incoming/b.csv", CSV, "csv", "none");
        long id = input.get("fileId").asLong();
        h.submit(input);
        h.awaitSuccess(1);
        // The heartbeat timeout re-drives a task whose worker died after marking the row processing.
        h.db.admin("UPDATE ingest_file SET status = 'processing' WHERE id = " + id);

        h.submit(input);
        JsonNode second = h.awaitSuccess(2);
        h.submit(input);
        JsonNode third = h.awaitSuccess(3);

        assertThat(second.get("outputs")).isEqualTo(third.get("outputs"));
        assertThat(h.resultKeys(id)).hasSize(3);
        assertThat(h.count("SELECT count(*) FROM file_result WHERE file_id = " + id)).isEqualTo(1);
        assertThat(h.status(id)).isEqualTo("processed");
        assertThat(third.get("rowCount").asLong()).isEqualTo(3);
    }

    @Test
    void taskOfAnOverwrittenObject_answersSupersededAndLeavesTheNewVersionToItsOwnTask() throws Exception {
        h = new WorkerHarness(workDir).start();
        ObjectNode old = h.ingest("incoming/o.csv", CSV, "csv", "none");
        long id = old.get("fileId").asLong();
        // Re-uploaded before a worker took the first task: the ingest function replaced the row (newer sequencer).
        byte[] fixed = "id,amount,city\n1,2.5,Oslo\n".getBytes(StandardCharsets.UTF_8);
        String etag = h.s3.client().putObject(b -> b.bucket(h.bucket).key("incoming/o.csv"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(fixed)).eTag().replace("\"", "");
        h.files.upsert(new com.ingestpipeline.functions.common.db.NewFile(h.bucket, "incoming/o.csv", "", etag, "00B1",
                fixed.length, null, "csv", "none", null, com.ingestpipeline.functions.common.db.FileStatus.RECEIVED, null));

        h.submit(old);
        h.awaitAnswers(1);

        // A failure here would reach RecordFailure, which marks the (new version's) row failed.
        assertThat(h.activity.failures).isEmpty();
        JsonNode first = h.awaitSuccess(1);
        assertThat(first.get("superseded").asBoolean()).isTrue();
        assertThat(h.status(id)).isEqualTo("received");
        assertThat(h.resultKeys(id)).isEmpty();

        h.submit(old.deepCopy().put("etag", etag));
        JsonNode second = h.awaitSuccess(2);
        assertThat(second.get("rowCount").asLong()).isEqualTo(1);
        assertThat(h.status(id)).isEqualTo("processed");
        assertThat(h.activity.failures).isEmpty();
    }

    @Test
    void objectDeletedAfterIngest_isAPermanentFailureNamingIt() throws Exception {
        h = new WorkerHarness(workDir).start();
        ObjectNode input = h.ingest("incoming/gone.csv", CSV, "csv", "none");
        h.s3.client().deleteObject(b -> b.bucket(h.bucket).key("incoming/gone.csv"));

        h.submit(input);
        h.awaitAnswers(1);

        assertThat(h.activity.failures).singleElement().satisfies(f -> {
            assertThat(f.error()).isEqualTo("Worker.Permanent");
            assertThat(f.cause()).contains("input object is gone");
        });
        assertThat(h.resultKeys(input.get("fileId").asLong())).isEmpty();
        assertThat(Files.list(workDir)).isEmpty();
    }

    @Test
    void truncatedGzip_isAPermanentFailure_andNothingIsUploaded() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < 20_000; i++) {
                gz.write(("" + i + "," + (i * 7 % 1000) + ",Oslo\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] whole = bytes.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        h = new WorkerHarness(workDir).start();
        ObjectNode input = h.ingest("incoming/t.csv.gz", cut, "csv", "gzip");

        h.submit(input);
        h.awaitAnswers(1);

        assertThat(h.activity.failures).singleElement().satisfies(f -> {
            assertThat(f.error()).isEqualTo("Worker.Permanent");
            assertThat(f.cause()).contains("Unexpected end of GZIP stream");
        });
        assertThat(h.resultKeys(input.get("fileId").asLong())).isEmpty();
        assertThat(h.count("SELECT count(*) FROM file_result")).isZero();
    }

    @Test
    void utf16File_isAPermanentFailureThatSaysWhichEncodingToUse() throws Exception {
        byte[] utf16 = "\uFEFFid,name\n1,x\n".getBytes(StandardCharsets.UTF_16LE);
        h = new WorkerHarness(workDir).start();
        ObjectNode input = h.ingest("incoming/u.csv", utf16, "csv", "none");

        h.submit(input);
        h.awaitAnswers(1);

        assertThat(h.activity.failures).singleElement().satisfies(f -> {
            assertThat(f.error()).isEqualTo("Worker.Permanent");
            assertThat(f.cause()).contains("UTF-16").contains("only UTF-8 is supported").contains("iconv");
        });
    }

    @Test
    void latin1Rows_areMalformedWithAnEncodingHint_whileUtf8RowsProcess() throws Exception {
        byte[] content = "id,city\n1,Troms\u00f8\n2,Oslo\n".getBytes(StandardCharsets.ISO_8859_1);
        h = new WorkerHarness(workDir).start();
        ObjectNode input = h.ingest("incoming/l.csv", content, "csv", "none");

        h.submit(input);
        JsonNode out = h.awaitSuccess(1);

        assertThat(out.get("rowCount").asLong()).isEqualTo(1);
        assertThat(out.get("malformedCount").asLong()).isEqualTo(1);
        JsonNode summary = h.files.results(input.get("fileId").asLong()).get(0).summary();
        assertThat(summary.get("malformedSamples").get(0).get("reason").asText()).contains("not utf-8 encoded");
    }

    @Test
    void zeroRowFile_succeedsWithZeroRowsAndAValidEmptyOutput() throws Exception {
        h = new WorkerHarness(workDir).start();
        ObjectNode input = h.ingest("incoming/empty.csv", "id,name\n".getBytes(StandardCharsets.UTF_8), "csv", "none");
        long id = input.get("fileId").asLong();

        h.submit(input);
        JsonNode out = h.awaitSuccess(1);

        assertThat(out.get("rowCount").asLong()).isZero();
        assertThat(h.parquetRows(id, "data.parquet", "id")).isEmpty();
        JsonNode summary = h.files.results(id).get(0).summary();
        assertThat(summary.get("columns")).extracting(c -> c.get("name").asText()).containsExactly("id", "name");
    }

    @Test
    void databaseUnreachable_isATransientFailure() throws Exception {
        h = new WorkerHarness(workDir);
        ObjectNode input = h.ingest("incoming/db.csv", CSV, "csv", "none");
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        FileRepository unreachable = new FileRepository(new Database(
                new DbConfig("127.0.0.1", closedPort, TestDatabase.NAME, TestDatabase.SECRET_ARN, "disable"),
                new com.ingestpipeline.functions.common.db.SecretsManagerCredentials(TestDatabase.secretsManager(),
                        TestDatabase.SECRET_ARN)));
        h.start(WorkerHarness.settings(workDir, 1, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5)), unreachable);

        h.submit(input);
        h.awaitAnswers(1);

        assertThat(h.activity.failures).singleElement().satisfies(f -> {
            assertThat(f.error()).isEqualTo("Worker.Transient");
            assertThat(f.cause()).contains("database unavailable").contains("SQLSTATE 08");
        });
        assertThat(h.status(input.get("fileId").asLong())).isEqualTo("received");
    }

    @Test
    void invalidTaskInput_isAPermanentFailureListingEveryProblem() throws Exception {
        h = new WorkerHarness(workDir).start();

        h.activity.pending.add("{\"fileId\": -3, \"bucket\": \"b\", \"resultsPrefix\": \"results\"}");
        h.awaitAnswers(1);

        assertThat(h.activity.failures).singleElement().satisfies(f -> {
            assertThat(f.error()).isEqualTo("Worker.Permanent");
            assertThat(f.cause()).contains("fileId must be a positive integer", "key is missing", "format is missing",
                    "resultsPrefix must end with '/'");
        });
    }

    @Test
    void unknownJob_isAPermanentFailureListingTheAvailableJobs() throws Exception {
        h = new WorkerHarness(workDir).start();
        ObjectNode input = h.ingest("incoming/j.csv", CSV, "csv", "none");
        input.put("job", "nope");

        h.submit(input);
        h.awaitAnswers(1);

        assertThat(h.activity.failures.get(0).cause()).contains("no batch job named 'nope'").contains("profile");
    }
}
