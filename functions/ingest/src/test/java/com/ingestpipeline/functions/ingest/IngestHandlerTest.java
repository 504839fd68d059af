package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.config.DbConfig;
import com.ingestpipeline.functions.common.db.Database;
import com.ingestpipeline.functions.common.db.FileRecord;
import com.ingestpipeline.functions.common.db.FileStatus;
import com.ingestpipeline.functions.common.db.SecretsManagerCredentials;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

class IngestHandlerTest extends IngestFixture {
    private static final byte[] CSV = "id,name,amount\n1,alice,3.5\n2,bob,4\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void csvUpload_recordsReceivedRowAndStartsOneExecutionWithTheContractInput() throws Exception {
        String etag = put("incoming/sales.csv", CSV, "text/csv");

        JsonNode summary = invoke(createdEvent("incoming/sales.csv", CSV.length, etag, "0055AED6DCD90281E5"));

        FileRecord row = onlyRow();
        assertThat(row.status()).isEqualTo(FileStatus.RECEIVED);
        assertThat(row).extracting(FileRecord::bucket, FileRecord::key, FileRecord::versionId, FileRecord::etag,
                        FileRecord::sizeBytes, FileRecord::contentType, FileRecord::format, FileRecord::compression,
                        FileRecord::columns, FileRecord::sequencer)
                .containsExactly(bucket, "incoming/sales.csv", "", etag, (long) CSV.length, "text/csv", "csv", "none",
                        List.of("id", "name", "amount"), "0055AED6DCD90281E5");

        List<StartExecutionRequest> started = startedExecutions();
        assertThat(started).hasSize(1);
        StartExecutionRequest req = started.get(0);
        assertThat(req.stateMachineArn()).isEqualTo(STATE_MACHINE);
        assertThat(req.name()).matches("f-[0-9a-f]{64}").isEqualTo(row.executionName());
        JsonNode input = json.readTree(req.input());
        assertThat(input.get("fileId").asLong()).isEqualTo(row.id());
        assertThat(input.get("bucket").asText()).isEqualTo(bucket);
        assertThat(input.get("key").asText()).isEqualTo("incoming/sales.csv");
        assertThat(input.get("versionId").isNull()).isTrue();
        assertThat(input.get("etag").asText()).isEqualTo(etag);
        assertThat(input.get("format").asText()).isEqualTo("csv");
        assertThat(input.get("compression").asText()).isEqualTo("none");
        assertThat(input.get("resultsPrefix").asText()).isEqualTo("results/");
        assertThat(summary.get("started").asInt()).isEqualTo(1);
    }

    @Test
    void gzipJsonLinesInVersionedBucket_recordsFieldNamesAndVersion() throws Exception {
        bucket = s3.createVersionedBucket(bucket);
        byte[] gz = gzip("{\"order\":1,\"sku\":\"A\",\"qty\":2}\n{\"order\":2,\"sku\":\"B\",\"qty\":1}\n");
        var put = s3.client().putObject(b -> b.bucket(bucket).key("incoming/orders.jsonl.gz")
                .contentType("application/gzip"), RequestBody.fromBytes(gz));
        ObjectNode event = Events.forObject("object-created-versioned.json", bucket, "incoming/orders.jsonl.gz",
                gz.length, unquote(put.eTag()), "0066BE72A1B3C4D5E6", put.versionId());

        invoke(event);

        FileRecord row = onlyRow();
        assertThat(row.format()).isEqualTo("jsonl");
        assertThat(row.compression()).isEqualTo("gzip");
        assertThat(row.columns()).containsExactly("order", "sku", "qty");
        assertThat(row.versionId()).isEqualTo(put.versionId()).isNotEmpty();
        assertThat(json.readTree(startedExecutions().get(0).input()).get("versionId").asText()).isEqualTo(put.versionId());
    }

    @Test
    void multipartTsvUpload_isDetectedAsTsv() throws Exception {
        byte[] tsv = "a\tb\tc\n1\t2\t3\n".getBytes(StandardCharsets.UTF_8);
        String etag = put("incoming/big.tsv", tsv, "text/tab-separated-values");
        ObjectNode event = Events.forObject("object-created-multipart.json", bucket, "incoming/big.tsv", tsv.length,
                etag, "0077C1A2B3C4D5E6F7", null);

        invoke(event);

        assertThat(onlyRow()).extracting(FileRecord::format, FileRecord::columns).containsExactly("tsv", List.of("a", "b", "c"));
    }

    @Test
    void duplicateDelivery_recordsOneRowAndOneExecution() throws Exception {
        String etag = put("incoming/sales.csv", CSV, "text/csv");
        ObjectNode event = createdEvent("incoming/sales.csv", CSV.length, etag, "0055AED6DCD90281E5");

        invoke(event);
        JsonNode second = invoke(event);

        assertRowCount(1);
        assertThat(startedExecutions()).hasSize(1);
        assertThat(second.get("duplicates").asInt()).isEqualTo(1);
        assertThat(second.get("started").asInt()).isZero();
    }

    @Test
    void executionAlreadyExists_countsAsSuccess() throws Exception {
        when(sfn.startExecution(any(StartExecutionRequest.class)))
                .thenThrow(ExecutionAlreadyExistsException.builder().message("Execution Already Exists").build());
        String etag = put("incoming/sales.csv", CSV, "text/csv");

        JsonNode summary = invoke(createdEvent("incoming/sales.csv", CSV.length, etag, "01"));

        assertThat(summary.get("started").asInt()).isEqualTo(1);
        assertThat(onlyRow().executionName()).startsWith("f-");
    }

    @Test
    void outOfOrderEvents_theNewerOneWinsAndTheOlderIsIgnored() throws Exception {
        String oldEtag = put("incoming/sales.csv", "x,y\n1,2\n".getBytes(StandardCharsets.UTF_8), "text/csv");
        String newEtag = put("incoming/sales.csv", CSV, "text/csv");

        invoke(createdEvent("incoming/sales.csv", CSV.length, newEtag, "0055AED6DCD90281F0"));
        JsonNode older = invoke(createdEvent("incoming/sales.csv", 8, oldEtag, "0055AED6DCD90281E5"));

        FileRecord row = onlyRow();
        assertThat(row.etag()).isEqualTo(newEtag);
        assertThat(row.sequencer()).isEqualTo("0055AED6DCD90281F0");
        assertThat(startedExecutions()).hasSize(1);
        assertThat(older.get("ignored").asInt()).isEqualTo(1);
    }

    @Test
    void staleEventForTheSameContent_isIgnoredBySequencer() throws Exception {
        String etag = put("incoming/sales.csv", CSV, "text/csv");

        invoke(createdEvent("incoming/sales.csv", CSV.length, etag, "0055AED6DCD90281F0"));
        // Same content re-uploaded earlier (same ETag), event delivered late: only the sequencer tells them apart.
        JsonNode late = invoke(createdEvent("incoming/sales.csv", CSV.length, etag, "0055AED6DCD90281E5"));

        assertThat(onlyRow().sequencer()).isEqualTo("0055AED6DCD90281F0");
        assertThat(startedExecutions()).hasSize(1);
        assertThat(late.get("ignored").asInt()).isEqualTo(1);
    }

    @Test
    void overwriteInOrder_replacesTheRowAndStartsASecondExecution() throws Exception {
        String first = put("incoming/sales.csv", "x,y\n1,2\n".getBytes(StandardCharsets.UTF_8), "text/csv");
        invoke(createdEvent("incoming/sales.csv", 8, first, "0055AED6DCD90281E5"));
        String second = put("incoming/sales.csv", CSV, "text/csv");

        invoke(createdEvent("incoming/sales.csv", CSV.length, second, "0055AED6DCD90281F0"));

        FileRecord row = onlyRow();
        assertThat(row.etag()).isEqualTo(second);
        assertThat(row.columns()).containsExactly("id", "name", "amount");
        List<StartExecutionRequest> started = startedExecutions();
        assertThat(started).hasSize(2);
        assertThat(started.get(0).name()).isNotEqualTo(started.get(1).name());
        assertThat(row.executionName()).isEqualTo(started.get(1).name());
    }

    @Test
    void overwriteRacingTheOlderInvocation_whoseOwnStartFailed_isStartedByItsRedelivery() throws Exception {
        String key = "incoming/race.csv";
        String first = put(key, "x,y\n1,2\n".getBytes(StandardCharsets.UTF_8), "text/csv");
        software.amazon.awssdk.services.sfn.SfnClient sfnB = org.mockito.Mockito.mock(
                software.amazon.awssdk.services.sfn.SfnClient.class);
        when(sfnB.startExecution(any(StartExecutionRequest.class)))
                .thenThrow(SfnException.builder().statusCode(400).message("Rate exceeded").build())
                .thenReturn(StartExecutionResponse.builder().executionArn("arn:aws:states:::execution:b").build());
        ObjectNode[] newer = new ObjectNode[1];
        try (Database dbB = pg.newDatabase()) {
            IngestHandler other = new IngestHandler(config(), s3.client(), sfnB, dbB);
            // While the older event's invocation starts its execution, the key is overwritten and a second
            // invocation replaces the row, then fails to start its own execution (throttled).
            when(sfn.startExecution(any(StartExecutionRequest.class))).thenAnswer(inv -> {
                String second = put(key, CSV, "text/csv");
                newer[0] = createdEvent(key, CSV.length, second, "0055AED6DCD90281F0");
                assertThatThrownBy(() -> other.handleRequest(new java.io.ByteArrayInputStream(Events.bytes(newer[0])),
                        new ByteArrayOutputStream(), null)).isInstanceOf(SfnException.class);
                return StartExecutionResponse.builder().executionArn("arn:aws:states:::execution:a").build();
            });
            invoke(createdEvent(key, 8, first, "0055AED6DCD90281E5"));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            other.handleRequest(new java.io.ByteArrayInputStream(Events.bytes(newer[0])), out, null);

            assertThat(json.readTree(out.toByteArray()).get("started").asInt()).as("the redelivery starts it").isEqualTo(1);
            var calls = org.mockito.ArgumentCaptor.forClass(StartExecutionRequest.class);
            verify(sfnB, org.mockito.Mockito.times(2)).startExecution(calls.capture());
            assertThat(onlyRow().executionName()).isEqualTo(calls.getAllValues().get(1).name());
        }
    }

    @Test
    void databaseUnreachable_failsTheInvocationWithoutStartingAnything() throws Exception {
        DbConfig nowhere = new DbConfig("127.0.0.1", 1, TestDatabase.NAME, TestDatabase.SECRET_ARN, "disable");
        try (Database down = new Database(nowhere, new SecretsManagerCredentials(TestDatabase.secretsManager(), TestDatabase.SECRET_ARN))) {
            handler = newHandler(down);
            String etag = put("incoming/sales.csv", CSV, "text/csv");

            assertThatThrownBy(() -> invoke(createdEvent("incoming/sales.csv", CSV.length, etag, "01")))
                    .isInstanceOf(IngestService.TransientFailure.class)
                    .hasMessageContaining("database write failed for " + bucket + "/incoming/sales.csv");
            verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
        }
    }

    @Test
    void throttledStepFunctions_failsTheInvocation_andTheRetryStartsExactlyOneExecution() throws Exception {
        SfnException throttled = (SfnException) SfnException.builder().statusCode(400).message("Rate exceeded")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build();
        when(sfn.startExecution(any(StartExecutionRequest.class)))
                .thenThrow(throttled)
                .thenReturn(StartExecutionResponse.builder().executionArn("arn:aws:states:::execution:x").build());
        String etag = put("incoming/sales.csv", CSV, "text/csv");
        ObjectNode event = createdEvent("incoming/sales.csv", CSV.length, etag, "01");

        assertThatThrownBy(() -> invoke(event)).isInstanceOf(SfnException.class);
        assertThat(onlyRow().executionName()).as("not started yet").isNull();

        JsonNode retry = invoke(event);

        assertThat(retry.get("started").asInt()).isEqualTo(1);
        List<StartExecutionRequest> calls = startedExecutions();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).name()).isEqualTo(calls.get(0).name());
        assertThat(onlyRow().executionName()).isEqualTo(calls.get(0).name());

        invoke(event);
        assertThat(startedExecutions()).as("a third delivery starts nothing").hasSize(2);
    }

    @Test
    void oneBadRecordInABatch_doesNotStopTheGoodOne() throws Exception {
        String etag = put("incoming/good.csv", CSV, "text/csv");
        put("incoming/bad.csv", new byte[0], "text/csv");
        ObjectNode event = createdEvent("incoming/good.csv", CSV.length, etag, "02");
        ObjectNode bad = Events.forObject("object-created-put.json", bucket, "incoming/bad.csv", 0, "d41d8cd98f00b204e9800998ecf8427e", "03", null);
        ((com.fasterxml.jackson.databind.node.ArrayNode) event.get("Records")).add(bad.get("Records").get(0));

        JsonNode summary = invoke(event);

        assertThat(summary.get("records").asInt()).isEqualTo(2);
        assertThat(summary.get("started").asInt()).isEqualTo(1);
        assertThat(summary.get("rejected").asInt()).isEqualTo(1);
        assertRowCount(2);
    }

    static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
