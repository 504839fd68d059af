package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.test.PulumiTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static com.ingestpipeline.components.IngestPipelineTest.wired;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * EventBridge delivery under mocks: the rule, its target and dead-letter queue, the permission, and which
 * configurations may write a bucket's notification configuration (an adopted bucket's stays untouched by default).
 */
class IngestPipelineEventBridgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
    private static final String RULE = "aws:cloudwatch/eventRule:EventRule";
    private static final String TARGET = "aws:cloudwatch/eventTarget:EventTarget";
    private static final String PERMISSION = "aws:lambda/permission:Permission";
    private static final String ALIAS_ARN = "arn:aws:lambda:us-east-1:123456789012:function:ip-fn:live";
    private static final String RULE_ARN = "arn:aws:events:us-east-1:123456789012:rule/ip-object-created";
    private static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:ip-failures";

    private static MockRun.Outcome run(UnaryOperator<IngestPipelineArgs.Builder> customise) {
        return MockRun.run(ctx -> {
            var pipeline = new IngestPipeline("ip", customise.apply(wired()).build(), null);
            ctx.export("notificationDelivery", pipeline.notificationDelivery);
            ctx.export("bucketName", pipeline.bucketName);
        });
    }

    private static JsonNode json(Object value) throws Exception {
        return value instanceof String s ? JSON.readTree(s) : JSON.valueToTree(value);
    }

    @Test
    void adoptedBucket_defaultsToEventBridge_andWritesNoNotificationConfiguration() throws Exception {
        MockRun.Outcome outcome = run(b -> b.existingBucketName("corp-landing"));
        RecordingMocks mocks = outcome.mocks();

        assertThat(mocks.ofType(NOTIFICATION)).as("the shared bucket's notifications stay its owner's").isEmpty();
        assertThat(mocks.ofType("aws:s3/bucketV2:BucketV2")).isEmpty();
        assertThat(PulumiTest.extractValue(outcome.result().output("notificationDelivery"))).isEqualTo("eventbridge");

        JsonNode pattern = json(mocks.single(RULE).input("eventPattern"));
        assertThat(pattern).isEqualTo(json("{\"source\":[\"aws.s3\"],\"detail-type\":[\"Object Created\"],"
            + "\"detail\":{\"bucket\":{\"name\":[\"corp-landing\"]},\"object\":{\"key\":[{\"prefix\":\"incoming/\"}]}}}"));
        assertThat(mocks.single(RULE).input("eventBusName")).as("the default bus").isNull();
    }

    @Test
    void eventBridgeTarget_isTheLiveAlias_withRetriesAndTheFailureQueueAsDeadLetterQueue() {
        RecordingMocks mocks = run(b -> b.existingBucketName("corp-landing").maxEventAgeSeconds(7200)).mocks();

        Registered target = mocks.single(TARGET);
        assertThat(target.inputs()).containsEntry("rule", "ip-object-created").containsEntry("arn", ALIAS_ARN)
            .containsEntry("retryPolicy", Map.of("maximumRetryAttempts", 185.0, "maximumEventAgeInSeconds", 7200.0))
            .containsEntry("deadLetterConfig", Map.of("arn", QUEUE_ARN));
    }

    @Test
    void onlyThatRule_mayInvokeTheAlias_andDeadLetterIntoTheQueue() throws Exception {
        RecordingMocks mocks = run(b -> b.existingBucketName("corp-landing")).mocks();

        Registered permission = mocks.single(PERMISSION);
        assertThat(permission.inputs()).containsEntry("action", "lambda:InvokeFunction")
            .containsEntry("function", "ip-fn").containsEntry("qualifier", "live")
            .containsEntry("principal", "events.amazonaws.com").containsEntry("sourceArn", RULE_ARN);
        assertThat(mocks.ofType(PERMISSION)).as("no s3.amazonaws.com grant without a notification").hasSize(1);

        JsonNode statements = json(mocks.single("aws:sqs/queuePolicy:QueuePolicy").input("policy")).get("Statement");
        assertThat(statements).hasSize(2);
        JsonNode allow = statements.get(1);
        assertThat(allow.get("Principal").get("Service").asText()).isEqualTo("events.amazonaws.com");
        assertThat(allow.get("Action").asText()).isEqualTo("sqs:SendMessage");
        assertThat(allow.get("Resource").asText()).isEqualTo(QUEUE_ARN);
        assertThat(allow.get("Condition").get("ArnEquals").get("aws:SourceArn").asText()).isEqualTo(RULE_ARN);
    }

    @Test
    void suffixes_becomeOneWildcardEachUnderThePrefix() throws Exception {
        RecordingMocks mocks = run(b -> b.existingBucketName("corp-landing").inputPrefix("landing/ingest/")
            .filterSuffixes(".csv", ".jsonl.gz")).mocks();

        assertThat(json(mocks.single(RULE).input("eventPattern")).at("/detail/object/key"))
            .isEqualTo(json("[{\"wildcard\":\"landing/ingest/*.csv\"},{\"wildcard\":\"landing/ingest/*.jsonl.gz\"}]"));
    }

    @Test
    void newBucketInEventBridgeMode_turnsEventBridgeOnInItsOwnConfiguration_withoutLambdaRules() throws Exception {
        MockRun.Outcome outcome = run(b -> b.notificationDelivery("eventbridge"));
        RecordingMocks mocks = outcome.mocks();

        Registered notification = mocks.single(NOTIFICATION);
        assertThat(notification.inputs()).containsEntry("bucket", "ip-bucket").containsEntry("eventbridge", true);
        assertThat(notification.input("lambdaFunctions")).isNull();
        assertThat(json(mocks.single(RULE).input("eventPattern")).at("/detail/bucket/name/0").asText())
            .isEqualTo("ip-bucket");
        assertThat(mocks.single(PERMISSION).input("principal")).isEqualTo("events.amazonaws.com");
    }

    @Test
    void newBucket_staysOnS3Delivery_withNoRule() {
        MockRun.Outcome outcome = run(b -> b);

        assertThat(outcome.mocks().ofType(RULE)).isEmpty();
        assertThat(outcome.mocks().ofType(TARGET)).isEmpty();
        assertThat(outcome.mocks().single(NOTIFICATION).input("eventbridge")).isNotEqualTo(true);
        assertThat(PulumiTest.extractValue(outcome.result().output("notificationDelivery"))).isEqualTo("s3");
    }

    @Test
    void adoptedBucketWithTheOwningFlag_inEventBridgeMode_getsEventBridgeTurnedOnByTheComponent() {
        RecordingMocks mocks = run(b -> b.existingBucketName("corp-landing").ownBucketNotifications(true)).mocks();

        Registered notification = mocks.single(NOTIFICATION);
        assertThat(notification.inputs()).containsEntry("bucket", "corp-landing").containsEntry("eventbridge", true);
        assertThat(mocks.ofType(RULE)).hasSize(1);
    }

    @Test
    void s3DeliveryOnAnAdoptedBucket_withoutTheOwningFlag_isRefusedNamingTheFlag() {
        assertThatThrownBy(() -> IngestPipelineDefaults.resolve(wired().existingBucketName("corp-landing")
                .notificationDelivery("s3").build()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("IngestPipelineArgs: notificationDelivery 's3' on an existing bucket replaces that bucket's "
                + "whole notification configuration (S3 keeps one per bucket), cutting off its other consumers; use "
                + "'eventbridge' (the default for an existing bucket), or set ownBucketNotifications to true to accept "
                + "that this component owns the bucket's notifications");
    }

    @Test
    void unknownDelivery_andTheOwningFlagOnANewBucket_areReportedTogether() {
        assertThatThrownBy(() -> IngestPipelineDefaults.resolve(wired().notificationDelivery("sns").build()))
            .hasMessage("IngestPipelineArgs: notificationDelivery must be s3 or eventbridge (got 'sns')");
        assertThatThrownBy(() -> IngestPipelineDefaults.resolve(wired().ownBucketNotifications(true)
                .memoryMb(64).build()))
            .hasMessage("IngestPipelineArgs: ownBucketNotifications applies only with existingBucketName (a bucket the "
                + "component creates always has its notifications owned by it); memoryMb must be 128..10240 (got 64)");
    }

    @Test
    void aComponentNameTooLongForTheRule_failsBeforeAnythingIsCreated() {
        String name = "x".repeat(50);
        assertThatThrownBy(() -> new IngestPipeline(name, wired().existingBucketName("corp-landing").build(), null))
            .hasMessageContaining("its EventBridge rule would be named '" + name + "-object-created-' plus 7 random");
    }

    @Test
    void adoptedBucketGrants_stayOnItsInputPrefix() throws Exception {
        RecordingMocks mocks = run(b -> b.existingBucketName("corp-landing")).mocks();

        JsonNode statements = json(mocks.single("aws:iam/rolePolicy:RolePolicy", n -> n.equals("ip-fn-policy"))
            .input("policy")).get("Statement");
        List<String> objectResources = new java.util.ArrayList<>();
        statements.forEach(st -> {
            if (st.get("Action").toString().contains("s3:GetObject")) {
                objectResources.add(st.get("Resource").asText());
            }
        });
        assertThat(objectResources).containsExactly("arn:aws:s3:::corp-landing/incoming/*");
    }
}
