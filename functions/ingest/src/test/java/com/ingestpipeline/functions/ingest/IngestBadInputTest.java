package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.db.FileRecord;
import com.ingestpipeline.functions.common.db.FileStatus;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/**
 * Every bad input ends as a summary note plus a recorded rejection or a no-op; none throws. The object cases build
 * their events through {@link #createdEvent}, which {@link IngestEventBridgeBadInputTest} overrides to run the same
 * catalogue with EventBridge's event shape.
 */
class IngestBadInputTest extends IngestFixture {

    @ParameterizedTest
    @ValueSource(strings = {"malformed.json", "zero-records.json", "sqs-record.json", "eventbridge-ec2-state-change.json"})
    void unusableInput_isANoOpWithTheReason(String file) throws Exception {
        JsonNode summary = invoke(Events.raw(file));

        assertThat(summary.get("error").asText()).isNotBlank();
        assertRowCount(0);
        verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void errorMessages_nameTheProblem() throws Exception {
        assertThat(invoke(Events.raw("malformed.json")).get("error").asText()).startsWith("input is not valid JSON");
        assertThat(invoke(Events.raw("zero-records.json")).get("error").asText()).isEqualTo("S3 event with zero records");
        assertThat(invoke(Events.raw("eventbridge-ec2-state-change.json")).get("error").asText())
                .isEqualTo("not an S3 event: EventBridge event from source 'aws.ec2' (expected 'aws.s3')");
        assertThat(invoke("{\"source\":\"aws.s3\"}".getBytes(StandardCharsets.UTF_8)).get("error").asText())
                .isEqualTo("not an S3 event: no \"Records\" array (event source 'aws.s3')");
        assertThat(invoke(Events.raw("sqs-record.json")).get("error").asText())
                .isEqualTo("not an S3 event: no record has eventSource 'aws:s3' (first has 'aws:sqs')");
        assertThat(invoke("[1,2]".getBytes(StandardCharsets.UTF_8)).get("error").asText()).contains("not a JSON object");
        assertThat(invoke(new byte[0]).get("error").asText()).startsWith("empty input");
    }

    @Test
    void s3TestEvent_isANoOp() throws Exception {
        JsonNode summary = invoke(Events.raw("s3-test-event.json"));

        assertThat(summary.get("error").isNull()).isTrue();
        assertThat(summary.get("records").asInt()).isZero();
        assertRowCount(0);
    }

    @Test
    void objectRemovedEvent_isIgnored() throws Exception {
        ObjectNode event = Events.forObject("object-removed-delete.json", bucket, "incoming/sales.csv", -1, null, "09", null);

        JsonNode summary = invoke(event);

        assertThat(summary.get("ignored").asInt()).isEqualTo(1);
        assertThat(summary.get("notes").get(0).asText()).contains("not an object creation (ObjectRemoved:Delete)");
        assertRowCount(0);
    }

    @Test
    void keysWithSpacesPlusPercentAndUnicode_areDecodedAsS3EncodesThem() throws Exception {
        String[] keys = {"incoming/quarterly report (2026).csv", "incoming/a+b=c.csv", "incoming/100% done.csv",
                "incoming/über/日本語 📊.csv"};
        ObjectNode event = Events.load("keys-encoded.json");
        for (int i = 0; i < keys.length; i++) {
            String etag = put(keys[i], "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "text/csv");
            ObjectNode s3 = Events.s3(event, i);
            ((ObjectNode) s3.get("bucket")).put("name", bucket);
            ((ObjectNode) s3.get("object")).put("eTag", etag).put("size", 8);
        }

        JsonNode summary = invoke(event);

        assertThat(summary.get("started").asInt()).as(summary.toString()).isEqualTo(4);
        for (String key : keys) {
            assertThat(files.findLatest(bucket, key)).as(key).get().extracting(FileRecord::status).isEqualTo(FileStatus.RECEIVED);
        }
    }

    @Test
    void keysWithSpacesPlusPercentAndUnicode_eachInItsOwnEvent_areIngestedUnderTheirRealKey() throws Exception {
        String[] keys = {"incoming/quarterly report (2026).csv", "incoming/a+b=c.csv", "incoming/100% done.csv",
                "incoming/über/日本語 📊.csv", "incoming/looks%20encoded+.csv"};
        for (int i = 0; i < keys.length; i++) {
            String etag = put(keys[i], "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "text/csv");
            JsonNode summary = invoke(createdEvent(keys[i], 8, etag, "010" + i));
            assertThat(summary.get("started").asInt()).as("%s: %s", keys[i], summary).isEqualTo(1);
        }

        for (String key : keys) {
            assertThat(files.findLatest(bucket, key)).as(key).get().extracting(FileRecord::status).isEqualTo(FileStatus.RECEIVED);
        }
        assertRowCount(keys.length);
    }

    @Test
    void veryLongKey_isIngested() throws Exception {
        String key = "incoming/" + "ä".repeat(400) + "-" + "x".repeat(200) + ".csv"; // 1013 UTF-8 bytes, S3 allows 1024
        String etag = put(key, "a,b\n".getBytes(StandardCharsets.UTF_8), "text/csv");

        invoke(createdEvent(key, 4, etag, "01"));

        assertThat(onlyRow().key()).isEqualTo(key);
        assertThat(startedExecutions().get(0).name()).hasSize(66);
    }

    @Test
    void invalidKeyEncoding_isSkippedWithTheReason() throws Exception {
        // The notification shape only: EventBridge keys are not URL-encoded (IngestEventBridgeBadInputTest).
        ObjectNode event = Events.forObject("object-created-put.json", bucket, "incoming/x.csv", 4, "e", "01", null);
        ((ObjectNode) Events.s3(event, 0).get("object")).put("key", "incoming/bad%zzname.csv");

        JsonNode summary = invoke(event);

        assertThat(summary.get("notes").get(0).asText()).contains("not valid S3 URL encoding: invalid %-escape '%zz'");
        assertRowCount(0);
    }

    @Test
    void zeroByteObject_isRejectedAsEmpty() throws Exception {
        String etag = put("incoming/empty.csv", new byte[0], "text/csv");

        invoke(createdEvent("incoming/empty.csv", 0, etag, "01"));

        assertRejected("empty object (0 bytes)");
    }

    @Test
    void zeroByteObject_whoseEventClaimsASize_isReadThroughTheHeadFallback() throws Exception {
        // The ranged GET of an empty object is answered 416 (no byte range to return); the HEAD fallback reads its size.
        String etag = put("incoming/empty.csv", new byte[0], "text/csv");

        invoke(createdEvent("incoming/empty.csv", 10, etag, "01"));

        assertRejected("empty object (0 bytes)");
        assertThat(onlyRow().sizeBytes()).isZero();
    }

    @Test
    void objectOverTheMaximum_isRejectedWithItsSize() throws Exception {
        byte[] big = ("id,v\n" + "1,2\n".repeat((int) (MAX_BYTES / 4) + 10)).getBytes(StandardCharsets.UTF_8);
        String etag = put("incoming/big.csv", big, "text/csv");

        invoke(createdEvent("incoming/big.csv", big.length, etag, "01"));

        assertRejected("object is " + big.length + " bytes, over the maximum of " + MAX_BYTES);
        assertThat(onlyRow().sizeBytes()).isEqualTo(big.length);
    }

    @Test
    void unknownExtension_isRejected() throws Exception {
        String etag = put("incoming/data.parquet", "PAR1....".getBytes(StandardCharsets.UTF_8), "application/octet-stream");

        invoke(createdEvent("incoming/data.parquet", 8, etag, "01"));

        assertRejected("unsupported file type '.parquet' (expected .csv, .tsv, .jsonl, .ndjson or .json, optionally .gz)");
    }

    @Test
    void binaryContentNamedCsv_isRejected() throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        String etag = put("incoming/photo.csv", noise, "text/csv");

        invoke(createdEvent("incoming/photo.csv", noise.length, etag, "01"));

        assertThat(onlyRow().statusReason()).startsWith("binary content");
    }

    @Test
    void textWithoutDelimiterOrJson_isAnUnknownFormat() throws Exception {
        String etag = put("incoming/notes.txt", "hello world\nsecond line\n".getBytes(StandardCharsets.UTF_8), "text/plain");

        invoke(createdEvent("incoming/notes.txt", 24, etag, "01"));

        assertRejected("unknown format: the first line is neither a JSON object nor delimited by commas or tabs");
    }

    @Test
    void gzipThatIsNotGzip_isRejected() throws Exception {
        String etag = put("incoming/sales.csv.gz", "id,name\n1,a\n".getBytes(StandardCharsets.UTF_8), "application/gzip");

        invoke(createdEvent("incoming/sales.csv.gz", 12, etag, "01"));

        assertRejected("declared gzip (by name) but the content is not gzip");
    }

    @Test
    void truncatedGzip_isRejectedAsCorrupt() throws Exception {
        byte[] gz = IngestHandlerTest.gzip("id,name\n" + "1,alice\n".repeat(50));
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length - 12);
        String etag = put("incoming/cut.csv.gz", cut, "application/gzip");

        invoke(createdEvent("incoming/cut.csv.gz", cut.length, etag, "01"));

        assertThat(onlyRow().statusReason()).startsWith("gzip content is corrupt");
    }

    @Test
    void objectDeletedBetweenEventAndRead_isRecordedAsRejected() throws Exception {
        invoke(createdEvent("incoming/gone.csv", 120, "0f343b0931126a20f133d67c2b018a3b", "01"));

        FileRecord row = onlyRow();
        assertThat(row.status()).isEqualTo(FileStatus.REJECTED);
        assertThat(row.statusReason()).isEqualTo("object no longer exists (deleted before it could be read)");
        assertThat(row.etag()).isEqualTo("0f343b0931126a20f133d67c2b018a3b");
        verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void duplicateDeliveryOfARejectedObject_staysOneRejectedRow() throws Exception {
        String etag = put("incoming/empty.csv", new byte[0], "text/csv");
        ObjectNode event = createdEvent("incoming/empty.csv", 0, etag, "01");

        invoke(event);
        JsonNode again = invoke(event);

        assertRejected("empty object (0 bytes)");
        assertThat(again.get("duplicates").asInt()).isEqualTo(1);
    }

    @Test
    void keysOutsideTheInputPrefixOrUnderResults_areIgnored() throws Exception {
        String a = put("other/x.csv", "a,b\n".getBytes(StandardCharsets.UTF_8), "text/csv");
        String b = put("results/1/profile.json", "{}\n".getBytes(StandardCharsets.UTF_8), "application/json");

        JsonNode first = invoke(createdEvent("other/x.csv", 4, a, "01"));
        handler = new IngestHandler(new IngestConfig(pg.dbConfig(), bucket, STATE_MACHINE, "", "results/", MAX_BYTES),
                s3.client(), sfn, database);
        JsonNode second = invoke(createdEvent("results/1/profile.json", 3, b, "02"));

        assertThat(first.get("notes").get(0).asText()).contains("outside the input prefix 'incoming/'");
        assertThat(second.get("notes").get(0).asText()).contains("under the results prefix 'results/'");
        assertRowCount(0);
    }

    private void assertRejected(String reason) throws Exception {
        FileRecord row = onlyRow();
        assertThat(row.status()).isEqualTo(FileStatus.REJECTED);
        assertThat(row.statusReason()).isEqualTo(reason);
        assertThat(row.executionName()).isNull();
        verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }
}
