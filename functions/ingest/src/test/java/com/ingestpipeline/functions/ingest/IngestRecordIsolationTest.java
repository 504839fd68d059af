package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.db.FileRecord;
import com.ingestpipeline.functions.common.db.FileStatus;
import com.ingestpipeline.functions.common.testing.FaultyS3;
import com.ingestpipeline.functions.common.testing.TestS3;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One record never sinks the others: the stack's bucket is the only one read, a permanent failure of one record is
 * recorded and the rest go through, a transient one fails the invocation only after the rest are done. S3 answers
 * 403 and 503 through {@link FaultyS3}, the real SDK client in front of the real S3Mock server.
 */
class IngestRecordIsolationTest extends IngestFixture {
    private static final byte[] CSV = "id,name\n1,alice\n".getBytes(StandardCharsets.UTF_8);

    private FaultyS3 proxy;
    private S3Client proxied;

    @BeforeEach
    void throughTheProxy() {
        proxy = new FaultyS3(s3.endpoint());
        proxied = TestS3.newClient(proxy.endpoint());
        handler = new IngestHandler(config(), proxied, sfn, database);
    }

    @AfterEach
    void closeProxy() {
        proxied.close();
        proxy.close();
    }

    @Test
    void recordForAnotherBucket_isSkippedAndCounted_neverReadNorRecorded() throws Exception {
        String other = s3.createBucket("someone-elses-" + bucket);
        s3.put(other, "incoming/theirs.csv", CSV, "text/csv");
        String etag = put("incoming/ours.csv", CSV, "text/csv");
        ObjectNode event = createdEvent("incoming/ours.csv", CSV.length, etag, "01");
        append(event, Events.forObject("object-created-put.json", other, "incoming/theirs.csv", CSV.length, etag, "02", null));

        JsonNode summary = invoke(event);

        assertThat(summary.get("foreignBucket").asInt()).as(summary.toString()).isEqualTo(1);
        assertThat(summary.get("started").asInt()).isEqualTo(1);
        assertThat(summary.get("notes").toString()).contains("bucket '" + other + "' is not this stack's bucket '" + bucket + "'");
        assertThat(onlyRow().bucket()).isEqualTo(bucket);
        assertThat(startedExecutions()).hasSize(1);
        assertThat(proxy.requests()).as("requests S3 saw").noneMatch(r -> r.contains(other)).isNotEmpty();
    }

    @Test
    void accessDenied_isRecordedAsRejectedWithTheReason_andTheOtherRecordGoesThrough() throws Exception {
        String deniedEtag = put("incoming/denied.csv", CSV, "text/csv");
        String etag = put("incoming/good.csv", CSV, "text/csv");
        proxy.fail(bucket, "incoming/denied.csv", FaultyS3.Fault.ACCESS_DENIED);
        ObjectNode event = createdEvent("incoming/denied.csv", CSV.length, deniedEtag, "01");
        append(event, createdEvent("incoming/good.csv", CSV.length, etag, "02"));

        JsonNode summary = invoke(event);

        assertThat(summary.get("started").asInt()).as(summary.toString()).isEqualTo(1);
        assertThat(summary.get("rejected").asInt()).isEqualTo(1);
        FileRecord denied = files.findLatest(bucket, "incoming/denied.csv").orElseThrow();
        assertThat(denied.status()).isEqualTo(FileStatus.REJECTED);
        assertThat(denied.statusReason()).startsWith("access denied reading the object (S3 403 AccessDenied)");
        assertThat(files.findLatest(bucket, "incoming/good.csv").orElseThrow().status()).isEqualTo(FileStatus.RECEIVED);
    }

    @Test
    void everyKindOfPermanentFailure_inOneEvent_leavesTheGoodRecordStarted() throws Exception {
        String etag = put("incoming/good.csv", CSV, "text/csv");
        String deniedEtag = put("incoming/denied.csv", CSV, "text/csv");
        proxy.fail(bucket, "incoming/denied.csv", FaultyS3.Fault.ACCESS_DENIED);
        String emptyEtag = put("incoming/empty.csv", new byte[0], "text/csv");
        String binaryEtag = put("incoming/binary.csv", new byte[] {0, 1, 2, 3, 0, 5}, "text/csv");
        ObjectNode event = createdEvent("incoming/denied.csv", CSV.length, deniedEtag, "01");
        append(event, createdEvent("incoming/gone.csv", CSV.length, "0123456789abcdef0123456789abcdef", "02"));
        ObjectNode badKey = createdEvent("incoming/x.csv", 4, "e", "03");
        ((ObjectNode) Events.s3(badKey, 0).get("object")).put("key", "incoming/bad%zzname.csv");
        append(event, badKey);
        append(event, createdEvent("incoming/empty.csv", 0, emptyEtag, "04"));
        append(event, createdEvent("incoming/binary.csv", 6, binaryEtag, "05"));
        append(event, createdEvent("incoming/good.csv", CSV.length, etag, "06"));

        JsonNode summary = invoke(event);

        assertThat(summary.get("records").asInt()).as(summary.toString()).isEqualTo(6);
        assertThat(summary.get("started").asInt()).isEqualTo(1);
        assertThat(summary.get("rejected").asInt()).as("403, 404, empty, binary").isEqualTo(4);
        assertThat(summary.get("ignored").asInt()).as("bad key encoding").isEqualTo(1);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(files.findLatest(bucket, "incoming/good.csv").orElseThrow().executionName())
                .isEqualTo(startedExecutions().get(0).name());
        assertRowCount(5);
    }

    @Test
    void transientFailureOfOneRecord_failsTheInvocationAfterTheOthers_andTheRetryFinishesOnlyIt() throws Exception {
        String slowEtag = put("incoming/slow.csv", CSV, "text/csv");
        String etag = put("incoming/good.csv", CSV, "text/csv");
        proxy.fail(bucket, "incoming/slow.csv", FaultyS3.Fault.SLOW_DOWN);
        ObjectNode event = createdEvent("incoming/slow.csv", CSV.length, slowEtag, "01");
        append(event, createdEvent("incoming/good.csv", CSV.length, etag, "02"));

        assertThatThrownBy(() -> invoke(event)).isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(503));

        assertThat(files.findLatest(bucket, "incoming/good.csv").orElseThrow().executionName())
                .as("the record after the failed one was finished first").isNotNull();
        assertThat(files.findLatest(bucket, "incoming/slow.csv")).isEmpty();
        assertThat(startedExecutions()).hasSize(1);

        proxy.heal(bucket, "incoming/slow.csv");
        JsonNode retry = invoke(event);

        assertThat(retry.get("started").asInt()).as(retry.toString()).isEqualTo(1);
        assertThat(retry.get("duplicates").asInt()).isEqualTo(1);
        assertThat(files.findLatest(bucket, "incoming/slow.csv").orElseThrow().status()).isEqualTo(FileStatus.RECEIVED);
        assertThat(startedExecutions()).hasSize(2);
    }

    private static void append(ObjectNode event, ObjectNode other) {
        ((ArrayNode) event.get("Records")).add(other.get("Records").get(0));
    }
}
