package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.db.FileRecord;
import com.ingestpipeline.functions.common.db.FileStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * S3's EventBridge {@code Object Created} event takes the notification's path: the same row, the same execution input,
 * and one row and one execution for an object delivered through both paths (a bucket moving from one delivery to the
 * other, or both configured while it does) or twice through one.
 */
class IngestEventBridgeTest extends IngestFixture {
    private static final byte[] CSV = "id,name,amount\n1,alice,3.5\n2,bob,4\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void objectCreatedInAVersionedBucket_recordsTheRowAndStartsOneExecution() throws Exception {
        bucket = s3.createVersionedBucket(bucket);
        var put = s3.client().putObject(b -> b.bucket(bucket).key("incoming/q1 sales+returns.csv").contentType("text/csv"),
                RequestBody.fromBytes(CSV));

        JsonNode summary = invoke(Events.eventBridge(bucket, "incoming/q1 sales+returns.csv", CSV.length,
                unquote(put.eTag()), "617f08299329d189", put.versionId()));

        assertThat(summary.get("started").asInt()).as(summary.toString()).isEqualTo(1);
        FileRecord row = onlyRow();
        assertThat(row).extracting(FileRecord::status, FileRecord::key, FileRecord::versionId, FileRecord::sequencer,
                        FileRecord::format)
                .containsExactly(FileStatus.RECEIVED, "incoming/q1 sales+returns.csv", put.versionId(), "617f08299329d189",
                        "csv");
        StartExecutionRequest started = startedExecutions().get(0);
        assertThat(started.name()).isEqualTo(row.executionName());
        JsonNode input = json.readTree(started.input());
        assertThat(input.get("key").asText()).isEqualTo("incoming/q1 sales+returns.csv");
        assertThat(input.get("versionId").asText()).isEqualTo(put.versionId());
    }

    @Test
    void sameObjectThroughTheNotificationThenEventBridge_isOneRowAndOneExecution() throws Exception {
        bucket = s3.createVersionedBucket(bucket);
        var put = s3.client().putObject(b -> b.bucket(bucket).key("incoming/a b+c.csv").contentType("text/csv"),
                RequestBody.fromBytes(CSV));
        String etag = unquote(put.eTag());
        // S3 writes the notification's sequencer upper-case; EventBridge examples show it lower-case.
        ObjectNode notification = Events.forObject("object-created-versioned.json", bucket, "incoming/a b+c.csv",
                CSV.length, etag, "0066BE72A1B3C4D5E6", put.versionId());
        ObjectNode eventBridge = Events.eventBridge(bucket, "incoming/a b+c.csv", CSV.length, etag,
                "0066be72a1b3c4d5e6", put.versionId());

        JsonNode first = invoke(notification);
        JsonNode second = invoke(eventBridge);

        assertThat(first.get("started").asInt()).isEqualTo(1);
        assertThat(second.get("duplicates").asInt()).as(second.toString()).isEqualTo(1);
        assertThat(second.get("started").asInt()).isZero();
        assertRowCount(1);
        assertThat(startedExecutions()).hasSize(1);
    }

    @Test
    void sameObjectThroughEventBridgeThenTheNotification_whoseFirstStartFailed_startsTheSameExecutionName()
            throws Exception {
        String etag = put("incoming/sales.csv", CSV, "text/csv");
        ObjectNode eventBridge = Events.eventBridge(bucket, "incoming/sales.csv", CSV.length, etag, "0055aed6dcd90281e5", null);
        ObjectNode notification = createdEvent("incoming/sales.csv", CSV.length, etag, "0055AED6DCD90281E5");
        when(sfn.startExecution(any(StartExecutionRequest.class)))
                .thenThrow(SfnException.builder().statusCode(400).message("Rate exceeded").build())
                .thenAnswer(inv -> StartExecutionResponse.builder()
                        .executionArn(STATE_MACHINE.replace(":stateMachine:", ":execution:") + ":x").build());

        assertThatThrownBy(() -> invoke(eventBridge)).isInstanceOf(SfnException.class);
        JsonNode retried = invoke(notification);

        assertThat(retried.get("started").asInt()).as(retried.toString()).isEqualTo(1);
        List<StartExecutionRequest> attempts = startedExecutions();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1).name()).as("one object, one execution name whichever shape delivered it")
                .isEqualTo(attempts.get(0).name()).isEqualTo(onlyRow().executionName());
    }

    @Test
    void sameEventBridgeEventTwice_isOneRowAndOneExecution() throws Exception {
        String etag = put("incoming/sales.csv", CSV, "text/csv");
        ObjectNode event = Events.eventBridge(bucket, "incoming/sales.csv", CSV.length, etag, "0055aed6dcd90281e5", null);

        invoke(event);
        JsonNode again = invoke(event);

        assertRowCount(1);
        assertThat(startedExecutions()).hasSize(1);
        assertThat(again.get("duplicates").asInt()).isEqualTo(1);
    }
}
