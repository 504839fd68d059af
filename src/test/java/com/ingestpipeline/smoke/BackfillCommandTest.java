package com.ingestpipeline.smoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.testing.TestS3;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunRequest;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListMapRunsRequest;
import software.amazon.awssdk.services.sfn.model.ListMapRunsResponse;
import software.amazon.awssdk.services.sfn.model.MapRunItemCounts;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The backfill command with Step Functions mocked at the SDK boundary and the manifest in a real local S3 server,
 * laid out as the Distributed Map's ResultWriter writes it (manifest.json naming SUCCEEDED_n / FAILED_n files whose
 * entries carry each child execution's Output as a JSON string).
 */
class BackfillCommandTest {
    private static final String BUCKET = "backfill-manifests";
    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:dev-backfill-sm";
    private static final String EXEC = "arn:aws:states:us-east-1:123456789012:execution:dev-backfill-sm:run-1";
    private static final String MAP_RUN = "arn:aws:states:us-east-1:123456789012:mapRun:dev-backfill-sm/Backfill:1a";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static S3Client s3;

    private final SfnClient sfn = mock(SfnClient.class);
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeAll
    static void manifestInS3() throws Exception {
        s3 = TestS3.get().client();
        TestS3.get().createBucket(BUCKET);
        String dir = "results/backfill/1a/";
        ObjectNode manifest = JSON.createObjectNode().put("DestinationBucket", BUCKET).put("MapRunArn", MAP_RUN);
        manifest.putObject("ResultFiles").putArray("SUCCEEDED").addObject().put("Key", dir + "SUCCEEDED_0.json");
        ((ObjectNode) manifest.get("ResultFiles")).putArray("FAILED").addObject().put("Key", dir + "FAILED_0.json");
        ((ObjectNode) manifest.get("ResultFiles")).putArray("PENDING");
        put(dir + "manifest.json", manifest.toString());
        ArrayNode succeeded = JSON.createArrayNode();
        succeeded.addObject().put("Status", "SUCCEEDED").put("Output",
            "{\"records\":100,\"started\":97,\"rejected\":1,\"duplicates\":2,\"ignored\":0,\"notes\":[]}");
        succeeded.addObject().put("Status", "SUCCEEDED").put("Output",
            "{\"records\":50,\"started\":0,\"rejected\":0,\"duplicates\":49,\"ignored\":1,\"notes\":[]}");
        put(dir + "SUCCEEDED_0.json", succeeded.toString());
        ArrayNode failed = JSON.createArrayNode();
        failed.addObject().put("Status", "FAILED").put("Error", "States.TaskFailed").put("Cause", "db down");
        put(dir + "FAILED_0.json", failed.toString());
    }

    private static void put(String key, String body) {
        TestS3.get().put(BUCKET, key, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private BackfillCommand command() {
        return new BackfillCommand(sfn, s3, new PrintStream(printed, true, StandardCharsets.UTF_8), now::get,
            d -> now.set(now.get().plus(d)), Duration.ofMinutes(10), Duration.ofSeconds(15));
    }

    @SuppressWarnings("unchecked")
    private void runningOnceThen(ExecutionStatus end) {
        when(sfn.startExecution(any(Consumer.class))).thenAnswer(inv -> {
            StartExecutionRequest.Builder b = StartExecutionRequest.builder();
            inv.<Consumer<StartExecutionRequest.Builder>>getArgument(0).accept(b);
            return StartExecutionResponse.builder().executionArn(EXEC).build();
        });
        String output = "{\"MapRunArn\":\"" + MAP_RUN + "\",\"ResultWriterDetails\":{\"Bucket\":\"" + BUCKET
            + "\",\"Key\":\"results/backfill/1a/manifest.json\"}}";
        when(sfn.describeExecution(any(Consumer.class)))
            .thenReturn(DescribeExecutionResponse.builder().status(ExecutionStatus.RUNNING).build())
            .thenReturn(DescribeExecutionResponse.builder().status(end).output(output).build());
        when(sfn.listMapRuns(any(Consumer.class))).thenReturn(ListMapRunsResponse.builder()
            .mapRuns(MapRunListItem.builder().mapRunArn(MAP_RUN).build()).build());
        when(sfn.describeMapRun(any(Consumer.class))).thenReturn(DescribeMapRunResponse.builder()
            .itemCounts(MapRunItemCounts.builder().total(150L).succeeded(100L).failed(0L).running(50L).build()).build());
    }

    @Test
    @SuppressWarnings("unchecked")
    void startsTheBackfill_showsProgress_andSumsTheManifest() throws Exception {
        runningOnceThen(ExecutionStatus.SUCCEEDED);

        BackfillCommand.Result r = command().run(SM, "run-1", BackfillCommand.input("incoming/", "ingest", null));

        ArgumentCaptor<Consumer<StartExecutionRequest.Builder>> start = ArgumentCaptor.forClass(Consumer.class);
        verify(sfn).startExecution(start.capture());
        StartExecutionRequest.Builder b = StartExecutionRequest.builder();
        start.getValue().accept(b);
        assertThat(b.build().stateMachineArn()).isEqualTo(SM);
        assertThat(JSON.readTree(b.build().input())).isEqualTo(JSON.readTree("{\"prefix\":\"incoming/\",\"mode\":\"ingest\"}"));
        assertThat(r.succeeded()).isTrue();
        assertThat(r.counts()).isEqualTo(new BackfillCommand.Counts(2, 1, 150, 97, 1, 51, 1));
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("[   0s] objects 100/150 done (0 failed, 50 running)")
            .contains("[  15s] execution SUCCEEDED")
            .contains("objects 150: started 97, rejected 1, already recorded 51, ignored 1; batches 2 succeeded, 1 failed")
            .contains("manifest s3://backfill-manifests/results/backfill/1a/manifest.json")
            .endsWith("BACKFILL SUCCEEDED" + System.lineSeparator());
    }

    @Test
    void aFailedRun_saysHowToResume() throws Exception {
        runningOnceThen(ExecutionStatus.FAILED);

        BackfillCommand.Result r = command().run(SM, "run-1", BackfillCommand.input("incoming/", "reprocess",
            "2026-01-01T00:00:00Z"));

        assertThat(r.succeeded()).isFalse();
        assertThat(r.counts().batchesFailed()).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("BACKFILL FAILED (start it again in ingest mode");
    }

    @Test
    void input_carriesSinceOnlyWhenGiven() throws Exception {
        assertThat(JSON.readTree(BackfillCommand.input("incoming/a/", "reprocess", "2026-01-01T00:00:00Z")))
            .isEqualTo(JSON.readTree("{\"prefix\":\"incoming/a/\",\"mode\":\"reprocess\",\"since\":\"2026-01-01T00:00:00Z\"}"));
    }
}
