package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.db.FileRecord;
import com.ingestpipeline.functions.common.db.FileStatus;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Backfill batches (the input a Distributed Map child hands the function) through the ingest path, against real
 * PostgreSQL and S3: batches are built from the bucket's own ListObjectsV2 listing, shaped as the s3:listObjectsV2
 * item reader and ItemBatcher deliver them.
 */
class IngestBackfillTest extends IngestFixture {
    private static final byte[] CSV = "id,name\n1,alice\n2,bob\n".getBytes(StandardCharsets.UTF_8);
    private final Set<String> executionNames = new HashSet<>();

    @BeforeEach
    void stepFunctionsRefusesANameTwice() {
        // As AWS does for a closed execution: a second StartExecution with a used name fails.
        when(sfn.startExecution(any(StartExecutionRequest.class))).thenAnswer(inv -> {
            String name = inv.<StartExecutionRequest>getArgument(0).name();
            if (!executionNames.add(name)) {
                throw ExecutionAlreadyExistsException.builder().message("Execution Already Exists: " + name).build();
            }
            return StartExecutionResponse.builder().executionArn("arn:execution:" + name).build();
        });
    }

    @Test
    void listedObjects_getOneRowEach_andOneExecutionPerAcceptedObject() throws Exception {
        putSample();

        JsonNode summary = invoke(batch("run-1", "ingest", null));

        assertThat(summary.path("records").asInt()).isEqualTo(4);
        assertThat(summary.path("started").asInt()).isEqualTo(3);
        assertThat(summary.path("rejected").asInt()).isEqualTo(1);
        assertRowCount(4);
        for (String key : List.of("incoming/a.csv", "incoming/b.csv", "incoming/sub/c.csv")) {
            FileRecord row = files.findLatest(bucket, key).orElseThrow();
            assertThat(row.status()).isEqualTo(FileStatus.RECEIVED);
            assertThat(row.sequencer()).isEqualTo(BackfillBatch.SEQUENCER);
            assertThat(row.executionName()).matches("f-[0-9a-f]{64}");
        }
        assertThat(files.findLatest(bucket, "incoming/empty.csv").orElseThrow().status()).isEqualTo(FileStatus.REJECTED);
        assertThat(executionNames).hasSize(3);
    }

    @Test
    void theSameBackfillTwice_inIngestMode_startsNothingNew() throws Exception {
        putSample();
        invoke(batch("run-1", "ingest", null));

        JsonNode second = invoke(batch("run-2", "ingest", null));

        assertThat(second.path("started").asInt()).isZero();
        assertThat(second.path("duplicates").asInt()).isEqualTo(4);
        assertThat(startedExecutions()).hasSize(3);
        assertRowCount(4);
    }

    @Test
    void objectAlreadyRecordedFromItsS3Event_isLeftAlone() throws Exception {
        String etag = put("incoming/a.csv", CSV, "text/csv");
        invoke(createdEvent("incoming/a.csv", CSV.length, etag, "0055AED6DCD90281E5"));

        JsonNode summary = invoke(batch("run-1", "ingest", null));

        assertThat(summary.path("duplicates").asInt()).isEqualTo(1);
        assertThat(onlyRow().sequencer()).isEqualTo("0055AED6DCD90281E5");
        assertThat(startedExecutions()).hasSize(1);
    }

    @Test
    void reprocess_startsExactlyOneNewExecutionPerRecordedObject_evenWhenTheBatchIsRetried() throws Exception {
        putSample();
        invoke(batch("run-1", "ingest", null));
        markAllReceivedProcessed();
        Set<String> before = Set.copyOf(executionNames);

        JsonNode first = invoke(batch("reprocess-1", "reprocess", null));
        JsonNode retried = invoke(batch("reprocess-1", "reprocess", null));

        assertThat(first.path("started").asInt()).isEqualTo(3);
        assertThat(first.path("ignored").asInt()).as("the rejected object").isEqualTo(1);
        Set<String> added = new HashSet<>(executionNames);
        added.removeAll(before);
        assertThat(added).hasSize(3).allMatch(n -> n.matches("r-[0-9a-f]{64}"));
        assertThat(retried.path("started").asInt()).as("already started by the first attempt").isEqualTo(3);
        assertThat(executionNames).as("the retry started nothing new").hasSize(6);
        for (String key : List.of("incoming/a.csv", "incoming/b.csv", "incoming/sub/c.csv")) {
            FileRecord row = files.findLatest(bucket, key).orElseThrow();
            assertThat(row.status()).isEqualTo(FileStatus.RECEIVED);
            assertThat(added).contains(row.executionName());
        }

        markAllReceivedProcessed();
        invoke(batch("reprocess-2", "reprocess", null));
        assertThat(executionNames).as("a new run reprocesses again").hasSize(9);
        assertRowCount(4);
    }

    @Test
    void reprocess_leavesARowThatIsBeingProcessedAlone() throws Exception {
        put("incoming/a.csv", CSV, "text/csv");
        invoke(batch("run-1", "ingest", null));
        files.markProcessing(onlyRow().id(), onlyRow().etag());

        JsonNode summary = invoke(batch("reprocess-1", "reprocess", null));

        assertThat(summary.path("started").asInt()).isZero();
        assertThat(summary.path("notes").get(0).asText()).contains("processing");
        assertThat(onlyRow().status()).isEqualTo(FileStatus.PROCESSING);
    }

    @Test
    void since_skipsObjectsModifiedBeforeIt() throws Exception {
        putSample();

        JsonNode summary = invoke(batch("run-1", "ingest", Instant.now().plusSeconds(3600).toString()));

        assertThat(summary.path("ignored").asInt()).isEqualTo(4);
        assertThat(summary.path("notes").get(0).asText()).contains("before since");
        assertRowCount(0);
        assertThat(startedExecutions()).isEmpty();
    }

    @Test
    void objectOverwrittenAfterTheListing_isLeftToItsOwnEvent() throws Exception {
        put("incoming/a.csv", CSV, "text/csv");
        ObjectNode batch = batch("run-1", "ingest", null);
        put("incoming/a.csv", "id\n9\n".getBytes(StandardCharsets.UTF_8), "text/csv");

        JsonNode summary = invoke(batch);

        assertThat(summary.path("ignored").asInt()).isEqualTo(1);
        assertThat(summary.path("notes").get(0).asText()).contains("overwritten");
        assertRowCount(0);
    }

    @Test
    void listingItemsAsStepFunctionsDocumentsThem_parse_andABadItemIsNamedWithoutSinkingTheOthers() throws Exception {
        BackfillBatch batch = BackfillBatch.parse(JsonTree.parse(Events.raw("backfill-batch.json")));

        assertThat(batch.mode()).isEqualTo(BackfillBatch.Mode.INGEST);
        assertThat(batch.items()).extracting(BackfillBatch.Item::key).containsExactly("incoming/a.csv", "incoming/b.csv", "");
        assertThat(batch.items().get(0).etag()).isEqualTo("05704fbdccb224cb01c59005bebbad28");
        assertThat(batch.items().get(0).lastModified()).isEqualTo(Instant.ofEpochSecond(1668699881));
        assertThat(batch.items().get(1).etag()).isEqualTo("1a2b");
        assertThat(batch.items().get(1).lastModified()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
        assertThat(batch.items().get(2).problem()).isEqualTo("item 2: no Key");
    }

    @Test
    void batchWithABadModeAndSince_isRefusedWithEveryProblemNamed() throws Exception {
        ObjectNode batch = batch("run-1", "replay", "yesterday");

        JsonNode summary = invoke(batch);

        assertThat(summary.path("error").asText()).contains("mode must be 'ingest' or 'reprocess' (got 'replay')")
                .contains("since must be an RFC 3339 timestamp (got 'yesterday')");
        assertThat(startedExecutions()).isEmpty();
    }

    /** Three CSVs (one in a sub-folder), one empty object (rejected), and worker output that is not listed. */
    private void putSample() {
        put("incoming/a.csv", CSV, "text/csv");
        put("incoming/b.csv", CSV, "text/csv");
        put("incoming/sub/c.csv", CSV, "text/csv");
        put("incoming/empty.csv", new byte[0], "text/csv");
        put("results/1/profile.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** One batch holding the whole listing of incoming/, as the item reader and ItemBatcher shape it. */
    private ObjectNode batch(String runId, String mode, String since) {
        ObjectNode root = json.createObjectNode();
        ObjectNode request = root.putObject("BatchInput").put("bucket", bucket).put("runId", runId)
                .putObject("request").put("prefix", "incoming/").put("mode", mode);
        if (since != null) {
            request.put("since", since);
        }
        ArrayNode items = root.putArray("Items");
        s3.client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("incoming/")).contents().forEach(o ->
                items.addObject().put("Etag", o.eTag()).put("Key", o.key())
                        .put("LastModified", o.lastModified().getEpochSecond()).put("Size", o.size())
                        .put("StorageClass", "STANDARD"));
        return root;
    }

    private void markAllReceivedProcessed() throws Exception {
        try (Connection c = pg.adminConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE ingest_file SET status = 'processed', finished_at = now() WHERE status = 'received'");
        }
    }
}
