package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.plan.RecordingMocks;
import com.ingestpipeline.plan.RecordingMocks.Registered;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static com.ingestpipeline.components.BatchComputeNodeTest.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The node's SQL job: shipped with the stack (content-addressed) or a key the user put in the artifacts bucket. */
class BatchComputeNodeSqlJobTest {
    private static final String SQL = "SELECT country, count(*) AS n FROM input GROUP BY country\n";

    @TempDir
    static Path dir;

    @BeforeAll
    static void jar() throws Exception {
        BatchComputeNodeTest.workerJar();
    }

    @Test
    void aShippedSqlFileIsUploadedUnderItsSha256_grantedAlone_andNamedInTheUserData() throws Exception {
        Path file = Files.writeString(dir.resolve("by-country.sql"), SQL);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(SQL.getBytes(StandardCharsets.UTF_8)));

        RecordingMocks m = run(base().sqlJobPath(file.toString()).build()).mocks();

        Registered object = m.single(OBJECT, "node-sql-job"::equals);
        Registered bucket = m.single("aws:s3/bucketV2:BucketV2");
        assertThat(object.input("key")).isEqualTo("artifacts/sql-job/" + sha + ".sql");
        assertThat(object.input("bucket")).isEqualTo(bucket.id());
        assertThat(object.input("contentType")).isEqualTo("application/sql");
        assertThat(m.ofType(OBJECT)).hasSize(2);
        JsonNode resources = statement(policy(m), "WorkerArtifact").get("Resource");
        assertThat(resources).extracting(JsonNode::asText).containsExactly(
            "arn:aws:s3:::" + bucket.id() + "/artifacts/batch-worker/" + jarSha + ".jar",
            "arn:aws:s3:::" + bucket.id() + "/artifacts/sql-job/" + sha + ".sql");
        assertThat((String) m.single(INSTANCE).input("userData"))
            .contains("SQL_JOB_KEY='artifacts/sql-job/" + sha + ".sql'")
            .contains("SQL_JOB_SHA256='" + sha + "'");
    }

    @Test
    void anObjectKeyOfTheUsersIsGrantedAndFetched_butNotUploaded() throws Exception {
        RecordingMocks m = run(base().sqlJobObjectKey("jobs/daily.sql").build()).mocks();

        assertThat(m.ofType(OBJECT)).extracting(Registered::name).containsExactly("node-worker-jar");
        String bucket = m.single("aws:s3/bucketV2:BucketV2").id();
        assertThat(statement(policy(m), "WorkerArtifact").get("Resource")).extracting(JsonNode::asText)
            .containsExactly("arn:aws:s3:::" + bucket + "/artifacts/batch-worker/" + jarSha + ".jar",
                "arn:aws:s3:::" + bucket + "/jobs/daily.sql");
        assertThat((String) m.single(INSTANCE).input("userData"))
            .contains("SQL_JOB_KEY='jobs/daily.sql'").contains("SQL_JOB_SHA256=''");
    }

    @Test
    void withoutASqlJobTheUserDataNamesNone() {
        RecordingMocks m = run(base().build()).mocks();

        assertThat((String) m.single(INSTANCE).input("userData")).contains("SQL_JOB_KEY=''");
    }

    @Test
    void bothFormsAtOnce_orAMissingFile_areRefusedNamingTheField() {
        assertThatThrownBy(() -> BatchComputeNodeDefaults.resolve(base().sqlJobPath("/nonexistent/job.sql")
            .sqlJobObjectKey("jobs/x.sql").build()))
            .hasMessageContaining("sqlJobPath and sqlJobObjectKey are mutually exclusive");
        assertThatThrownBy(() -> BatchComputeNodeDefaults.resolve(base().sqlJobPath("/nonexistent/job.sql").build()))
            .hasMessageContaining("sqlJobPath must be a readable file (got /nonexistent/job.sql)");
        assertThatThrownBy(() -> BatchComputeNodeDefaults.resolve(base().sqlJobObjectKey("/jobs/x.sql").build()))
            .hasMessageContaining("sqlJobObjectKey must be an S3 key without a leading '/'");
    }
}
