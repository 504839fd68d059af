package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/**
 * The bad-input catalogue of {@link IngestBadInputTest} again, every object case delivered in the shape S3 sends to
 * EventBridge ({@code detail.bucket.name}, {@code detail.object.key}, ...), plus the ways that shape itself goes wrong.
 */
class IngestEventBridgeBadInputTest extends IngestBadInputTest {

    /** Every inherited object case now arrives as an EventBridge {@code Object Created} event. */
    @Override
    ObjectNode createdEvent(String key, long size, String etag, String sequencer) {
        return Events.eventBridge(bucket, key, size, etag, sequencer, null);
    }

    @Test
    void createdEvent_isReallyTheEventBridgeShape() {
        ObjectNode event = createdEvent("incoming/a b.csv", 3, "e", "01");

        assertThat(event.has("Records")).isFalse();
        assertThat(event.path("detail-type").asText()).isEqualTo("Object Created");
        assertThat(event.path("detail").path("object").path("key").asText()).isEqualTo("incoming/a b.csv");
    }

    @Test
    void keysThatLookUrlEncoded_areTakenVerbatim_notDecoded() throws Exception {
        // A notification would carry "a+b" for "a b"; an EventBridge key is the key itself, '+' and '%zz' included.
        String key = "incoming/a+b%zz%2B.csv";
        String etag = put(key, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "text/csv");

        JsonNode summary = invoke(createdEvent(key, 8, etag, "01"));

        assertThat(summary.get("started").asInt()).as(summary.toString()).isEqualTo(1);
        assertThat(onlyRow().key()).isEqualTo(key);
    }

    @Test
    void objectDeletedEvent_isIgnoredAsNotACreation() throws Exception {
        ObjectNode deleted = Events.load("eventbridge-object-deleted.json");
        ((ObjectNode) deleted.path("detail").path("bucket")).put("name", bucket);

        JsonNode summary = invoke(deleted);

        assertThat(summary.get("error").isNull()).isTrue();
        assertThat(summary.get("ignored").asInt()).isEqualTo(1);
        assertThat(summary.get("notes").get(0).asText()).contains("not an object creation (Object Deleted)");
        assertRowCount(0);
    }

    @Test
    void s3EventWithoutADetailObject_isRejectedWithTheReason() throws Exception {
        ObjectNode event = createdEvent("incoming/x.csv", 4, "e", "01");
        event.put("detail", "not an object");

        JsonNode summary = invoke(event);

        assertThat(summary.get("error").asText()).isEqualTo("S3 EventBridge event without a \"detail\" object");
        assertRowCount(0);
        verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void eventWithoutAKeyOrSequencer_isSkippedWithTheReason() throws Exception {
        ObjectNode noKey = createdEvent("incoming/x.csv", 4, "e", "01");
        ((ObjectNode) noKey.path("detail").path("object")).remove("key");
        ObjectNode noSequencer = createdEvent("incoming/x.csv", 4, "e", "01");
        ((ObjectNode) noSequencer.path("detail").path("object")).remove("sequencer");

        for (ObjectNode event : new ObjectNode[] {noKey, noSequencer}) {
            JsonNode summary = invoke(event);
            assertThat(summary.get("ignored").asInt()).isEqualTo(1);
            assertThat(summary.get("notes").get(0).asText())
                    .isEqualTo("event: missing detail.bucket.name, detail.object.key or detail.object.sequencer");
        }
        assertRowCount(0);
    }

    @Test
    void eventFromAnotherSource_isRejectedNamingTheSource() throws Exception {
        ObjectNode event = createdEvent("incoming/x.csv", 4, "e", "01");
        event.put("source", "aws.s3.fake");

        JsonNode summary = invoke(event);

        assertThat(summary.get("error").asText())
                .isEqualTo("not an S3 event: EventBridge event from source 'aws.s3.fake' (expected 'aws.s3')");
        assertRowCount(0);
    }
}
