package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static com.ingestpipeline.components.BatchComputeNodeTest.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The node's SQL job: shipped with the stack (content-addressed beside the jar) or a key the user put in the artifacts
 * bucket. Either way the jar pointer names it, so the instances' user data never changes with it.
 */
class BatchComputeNodeSqlJobTest {
    private static final String SQL = "SELECT country, count(*) AS n FROM input GROUP BY country\n";
    private static final String POINTER = "node-jar-pointer";

    @TempDir
    static Path dir;

    @BeforeAll
    static void jar() throws Exception {
        BatchComputeNodeTest.workerJar();
    }

    private static String sha(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aShippedSqlFileIsUploadedBesideTheJarUnderItsSha256_andNamedByThePointer() throws Exception {
        Path file = Files.writeString(dir.resolve("by-country.sql"), SQL);
        String sha = sha(SQL);

        RecordingMocks m = run(base().sqlJobPath(file.toString()).build()).mocks();

        Registered object = m.single(OBJECT, "node-sql-job"::equals);
        Registered bucket = m.single("aws:s3/bucketV2:BucketV2");
        assertThat(object.input("key")).isEqualTo("artifacts/batch-worker/" + sha + ".sql");
        assertThat(object.input("bucket")).isEqualTo(bucket.id());
        assertThat(object.input("contentType")).isEqualTo("application/sql");
        Registered pointer = m.single(OBJECT, POINTER::equals);
        assertThat(pointer.input("content")).isEqualTo("artifacts/batch-worker/" + jarSha + ".jar " + jarSha + "\n"
            + "artifacts/batch-worker/" + sha + ".sql " + sha + "\n");
        // Written after the SQL file, like the jar: a booting worker never reads a key that is not there yet.
        assertThat(m.dependsOn(pointer)).contains("node-sql-job", "node-worker-jar", "node-worker-policy");
        // The jar's grant covers it: the same prefix, nothing more.
        assertThat(statement(policy(m), "WorkerArtifact").get("Resource").asText())
            .isEqualTo("arn:aws:s3:::" + bucket.id() + "/artifacts/batch-worker/*");
    }

    @Test
    void anObjectKeyOfTheUsersIsNamedByThePointerWithoutAHash_grantedByItsKey_butNotUploaded() throws Exception {
        RecordingMocks m = run(base().sqlJobObjectKey("jobs/daily.sql").build()).mocks();

        assertThat(m.ofType(OBJECT)).extracting(Registered::name).containsExactlyInAnyOrder("node-worker-jar", POINTER);
        assertThat((String) m.single(OBJECT, POINTER::equals).input("content")).endsWith("\njobs/daily.sql -\n");
        String bucket = m.single("aws:s3/bucketV2:BucketV2").id();
        assertThat(statement(policy(m), "WorkerArtifact").get("Resource")).extracting(JsonNode::asText)
            .containsExactly("arn:aws:s3:::" + bucket + "/artifacts/batch-worker/*",
                "arn:aws:s3:::" + bucket + "/jobs/daily.sql");
    }

    @Test
    void addingOrChangingTheSqlJobLeavesEveryInstancesInputsIdentical() throws Exception {
        RecordingMocks none = run(base().build()).mocks();
        RecordingMocks shipped = run(base().sqlJobPath(Files.writeString(dir.resolve("v2.sql"), SQL + "-- v2\n")
            .toString()).build()).mocks();

        assertThat((String) none.single(OBJECT, POINTER::equals).input("content")).doesNotContain(".sql");
        assertThat(shipped.ofType(INSTANCE)).isNotEmpty();
        for (Registered instance : none.ofType(INSTANCE)) {
            assertThat(shipped.single(INSTANCE, instance.name()::equals).inputs()).as(instance.name())
                .isEqualTo(instance.inputs());
        }
    }

    @Test
    void bothFormsAtOnce_aMissingFile_orABadKey_areRefusedNamingTheField() {
        assertThatThrownBy(() -> BatchComputeNodeDefaults.resolve(base().sqlJobPath("/nonexistent/job.sql")
            .sqlJobObjectKey("jobs/x.sql").build()))
            .hasMessageContaining("sqlJobPath and sqlJobObjectKey are mutually exclusive");
        assertThatThrownBy(() -> BatchComputeNodeDefaults.resolve(base().sqlJobPath("/nonexistent/job.sql").build()))
            .hasMessageContaining("sqlJobPath must be a readable file (got /nonexistent/job.sql)");
        assertThatThrownBy(() -> BatchComputeNodeDefaults.resolve(base().sqlJobObjectKey("/jobs/x.sql").build()))
            .hasMessageContaining("sqlJobObjectKey must be an S3 key without a leading '/'");
        assertThatThrownBy(() -> BatchComputeNodeDefaults.resolve(base().sqlJobObjectKey("jobs/daily run.sql").build()))
            .hasMessageContaining("whitespace");
        assertThatThrownBy(() -> BatchComputeNodeDefaults.resolve(base().sqlJobObjectKey("artifacts/batch-worker/x.sql")
            .build())).hasMessageContaining("sqlJobObjectKey must not be under artifacts/batch-worker/");
    }
}
