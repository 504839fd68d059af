package com.ingestpipeline.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.test.PulumiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stack file that adopts a bucket (existingBucketName) plans no BucketNotification unless ownBucketNotifications
 * is set: the committed Pulumi.shared.yaml, and a fixture stack file written here for each combination.
 */
class AdoptedBucketEventBridgeStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
    private static final String RULE = "aws:cloudwatch/eventRule:EventRule";
    /** The delivery rule's name suffix; the workflow's own rule (stopped executions) is another EventRule. */
    private static final String OBJECT_CREATED = "-object-created";

    private static java.util.List<RecordingMocks.Registered> objectCreatedRules(RecordingMocks mocks) {
        return mocks.ofType(RULE).stream().filter(r -> r.name().endsWith(OBJECT_CREATED)).toList();
    }
    private static final String FIXTURE = """
        config:
          aws:region: us-east-1
          ingest-pipeline:environment: dev
          ingest-pipeline:existingBucketName: team-landing-bucket
          ingest-pipeline:dbDeletionProtection: false
          ingest-pipeline:dbFinalSnapshot: false
        """;

    @TempDir
    Path project;

    private StackSettings fixture(String extraLines) throws java.io.IOException {
        Files.copy(Path.of("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.writeString(project.resolve("Pulumi.adopt.yaml"), FIXTURE + extraLines);
        return StackSettings.load(YamlConfigSource.load(project, "adopt"));
    }

    private static RecordingMocks plan(StackSettings settings) {
        return MockRun.run(ctx -> App.stack(ctx, settings)).mocks();
    }

    @Test
    void stackFileWithExistingBucketName_plansARuleAndNoBucketNotification() throws Exception {
        StackSettings settings = fixture("");
        var outcome = MockRun.run(ctx -> App.stack(ctx, settings));
        RecordingMocks mocks = outcome.mocks();

        assertThat(mocks.ofType(NOTIFICATION)).isEmpty();
        assertThat(mocks.ofType("aws:s3/bucketV2:BucketV2")).as("only the artifacts bucket is created")
            .extracting(RecordingMocks.Registered::name).containsExactly("test-compute-artifacts");
        JsonNode pattern = JSON.readTree((String) mocks.single(RULE, n -> n.endsWith(OBJECT_CREATED)).input("eventPattern"));
        assertThat(pattern.at("/detail/bucket/name/0").asText()).isEqualTo("team-landing-bucket");
        assertThat(PulumiTest.extractValue(outcome.result().output("bucketName"))).isEqualTo("team-landing-bucket");
        assertThat(PulumiTest.extractValue(outcome.result().output("notificationDelivery"))).isEqualTo("eventbridge");
    }

    @Test
    void withTheOwningFlag_theStackTurnsEventBridgeOnInTheBucketsConfiguration() throws Exception {
        RecordingMocks mocks = plan(fixture("  ingest-pipeline:ownBucketNotifications: true\n"));

        assertThat(mocks.single(NOTIFICATION).inputs()).containsEntry("bucket", "team-landing-bucket")
            .containsEntry("eventbridge", true);
    }

    @Test
    void withTheOwningFlagAndS3Delivery_theStackWritesLambdaRulesOnTheAdoptedBucket() throws Exception {
        RecordingMocks mocks = plan(fixture("  ingest-pipeline:ownBucketNotifications: true\n"
            + "  ingest-pipeline:notificationDelivery: s3\n"));

        assertThat(mocks.single(NOTIFICATION).input("lambdaFunctions")).isNotNull();
        assertThat(objectCreatedRules(mocks)).isEmpty();
    }

    @Test
    void s3DeliveryWithoutTheOwningFlag_isRefusedNamingTheFlag() throws Exception {
        assertThatThrownBy(() -> fixture("  ingest-pipeline:notificationDelivery: s3\n"))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageContaining("ingest-pipeline:notificationDelivery: 's3' on an existing bucket replaces that "
                + "bucket's whole notification configuration")
            .hasMessageContaining("set ownBucketNotifications to true");
    }

    @Test
    void badBucketName_unknownDelivery_andTheFlagWithoutABucket_areEachNamedByKey() {
        Map<String, String> values = new HashMap<>();
        values.put("ingest-pipeline:existingBucketName", "Team_Landing");
        values.put("ingest-pipeline:notificationDelivery", "sqs");
        assertThatThrownBy(() -> StackSettings.load(YamlConfigSource.of(values, "Pulumi.test.yaml")))
            .hasMessageContaining("ingest-pipeline:existingBucketName: must be an S3 bucket name")
            .hasMessageContaining("ingest-pipeline:notificationDelivery: must be s3 or eventbridge (got 'sqs')");
        assertThatThrownBy(() -> StackSettings.load(YamlConfigSource.of(
                Map.of("ingest-pipeline:ownBucketNotifications", "true"), "Pulumi.test.yaml")))
            .hasMessageContaining("ingest-pipeline:ownBucketNotifications: applies only with existingBucketName");
    }

    @Test
    void committedSharedStack_adoptsItsBucketThroughEventBridge() {
        StackSettings shared = StackSettings.load(YamlConfigSource.load(Path.of("."), "shared"));
        RecordingMocks mocks = plan(shared);

        assertThat(shared.ingest().existingBucketName()).contains("corp-data-landing");
        assertThat(mocks.ofType(NOTIFICATION)).isEmpty();
        assertThat(objectCreatedRules(mocks)).hasSize(1);
    }
}
