package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.test.PulumiTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bucket that receives the stack's S3 server access logs (FSBP S3.9). */
class AccessLogBucketTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MockRun.Outcome run(AccessLogBucketArgs args) {
        return MockRun.run(ctx -> {
            var logs = new AccessLogBucket("logs", args, null);
            ctx.export("bucketName", logs.bucketName);
            ctx.export("bucketArn", logs.bucketArn);
        });
    }

    @Test
    void defaults_privateSseS3Versioned_expiringLogs_deliveryOnlyFromTheStacksAccount_andNotLoggedItself() throws Exception {
        MockRun.Outcome outcome = run(AccessLogBucketArgs.builder().tags(TagArgs.of("team", "data")).build());
        RecordingMocks mocks = outcome.mocks();

        RecordingMocks.Registered bucket = mocks.single("aws:s3/bucketV2:BucketV2");
        assertThat(bucket.name()).isEqualTo("logs-bucket");
        assertThat(bucket.input("forceDestroy")).isEqualTo(false);
        assertThat((String) PulumiTest.extractValue(outcome.result().output("bucketName"))).isEqualTo("logs-bucket");
        RecordingMocks.Registered pab = mocks.single("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
        for (String flag : List.of("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")) {
            assertThat(pab.input(flag)).as(flag).isEqualTo(true);
        }
        JsonNode sse = JSON.valueToTree(mocks.single(
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2").input("rules"));
        assertThat(sse.path(0).path("applyServerSideEncryptionByDefault").path("sseAlgorithm").asText())
            .as("S3 delivers access logs only to SSE-S3 targets").isEqualTo("AES256");

        JsonNode rules = JSON.valueToTree(mocks.single(
            "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2").input("rules"));
        List<String> ids = new ArrayList<>();
        rules.forEach(r -> ids.add(r.path("id").asText()));
        assertThat(ids).contains("expire-access-logs");
        rules.forEach(r -> {
            if (r.path("id").asText().equals("expire-access-logs")) {
                assertThat(r.path("expiration").path("days").asInt()).isEqualTo(365);
                assertThat(r.path("status").asText()).isEqualTo("Enabled");
            }
        });

        JsonNode policy = JSON.readTree((String) mocks.single("aws:s3/bucketPolicy:BucketPolicy").input("policy"));
        JsonNode delivery = null;
        for (JsonNode st : policy.path("Statement")) {
            if (st.path("Principal").path("Service").asText().equals("logging.s3.amazonaws.com")) {
                delivery = st;
            }
        }
        assertThat(delivery).as("a statement for the S3 logging service").isNotNull();
        assertThat(delivery.path("Effect").asText()).isEqualTo("Allow");
        assertThat(delivery.path("Action").asText()).isEqualTo("s3:PutObject");
        assertThat(delivery.path("Resource").asText()).isEqualTo("arn:aws:s3:::logs-bucket/s3-access/*");
        assertThat(delivery.path("Condition").path("StringEquals").path("aws:SourceAccount").asText())
            .isEqualTo("123456789012");
        assertThat(policy.toString()).contains("aws:SecureTransport");

        assertThat(mocks.ofType("aws:s3/bucketLoggingV2:BucketLoggingV2")).as("the log bucket is not itself logged")
            .isEmpty();
    }

    @Test
    void expirationDays_andForceDestroy_applyOnTopOfTheDefaults() {
        RecordingMocks mocks = run(AccessLogBucketArgs.builder().expirationDays(90).forceDestroy(true).build()).mocks();

        assertThat(mocks.single("aws:s3/bucketV2:BucketV2").input("forceDestroy")).isEqualTo(true);
        assertThat(JSON.valueToTree(mocks.single("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2")
            .input("rules")).toString()).contains("\"days\":90");
    }

    @Test
    void badExpiration_isRejectedNamingTheArg() {
        assertThatThrownBy(() -> run(AccessLogBucketArgs.builder().expirationDays(0).build()))
            .hasStackTraceContaining("AccessLogBucketArgs: expirationDays must be 1..36500 (got 0)");
    }
}
