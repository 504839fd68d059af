package com.ingestpipeline.components.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecureBucketTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TAGS = Map.of("team", "data", Tags.COMPONENT_TAG, "t");

    @Test
    void defaultBucket_isPrivateEncryptedVersionedWithLifecycleAndTlsOnlyPolicy() throws Exception {
        AtomicReference<SecureBucket> made = new AtomicReference<>();
        var mocks = MockRun.run(ctx -> {
            var parent = new ComponentResource("test:index:Holder", "holder");
            made.set(SecureBucket.create("data", SecureBucket.Options.defaults(), TAGS, parent));
        }).mocks();

        Registered bucket = mocks.single("aws:s3/bucketV2:BucketV2");
        assertThat(bucket.name()).isEqualTo("data");
        assertThat(bucket.input("forceDestroy")).isEqualTo(false);
        assertThat(bucket.input("bucket")).as("auto-named by default").isNull();
        assertThat(bucket.input("tags")).isEqualTo(TAGS);

        Registered pab = mocks.single("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
        assertThat(pab.name()).isEqualTo("data-pab");
        assertThat(pab.input("bucket")).isEqualTo("data");
        for (String flag : List.of("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")) {
            assertThat(pab.input(flag)).as(flag).isEqualTo(true);
        }

        Registered ownership = mocks.single("aws:s3/bucketOwnershipControls:BucketOwnershipControls");
        assertThat(ownership.input("rule")).isEqualTo(Map.of("objectOwnership", "BucketOwnerEnforced"));

        JsonNode sse = tree(mocks.single(
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2").input("rules"));
        assertThat(sse).hasSize(1);
        assertThat(sse.at("/0/applyServerSideEncryptionByDefault/sseAlgorithm").asText()).isEqualTo("AES256");
        assertThat(sse.at("/0/applyServerSideEncryptionByDefault/kmsMasterKeyId").isMissingNode()).isTrue();

        Registered versioning = mocks.single("aws:s3/bucketVersioningV2:BucketVersioningV2");
        assertThat(versioning.input("versioningConfiguration")).isEqualTo(Map.of("status", "Enabled"));

        JsonNode rules = tree(mocks.single(
            "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2").input("rules"));
        assertThat(rules).hasSize(2);
        assertThat(rules.at("/0/status").asText()).isEqualTo("Enabled");
        assertThat(rules.at("/0/noncurrentVersionExpiration/noncurrentDays").asDouble()).isEqualTo(30.0);
        assertThat(rules.at("/1/status").asText()).isEqualTo("Enabled");
        assertThat(rules.at("/1/abortIncompleteMultipartUpload/daysAfterInitiation").asDouble()).isEqualTo(7.0);

        JsonNode policy = JSON.readTree((String) mocks.single("aws:s3/bucketPolicy:BucketPolicy").input("policy"));
        JsonNode statements = policy.get("Statement");
        assertThat(statements).hasSize(2);
        JsonNode noHttp = statements.get(0);
        assertThat(noHttp.get("Effect").asText()).isEqualTo("Deny");
        assertThat(noHttp.get("Principal").asText()).isEqualTo("*");
        assertThat(noHttp.get("Action").asText()).isEqualTo("s3:*");
        assertThat(texts(noHttp.get("Resource"))).containsExactly("arn:aws:s3:::data", "arn:aws:s3:::data/*");
        assertThat(noHttp.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
        JsonNode oldTls = statements.get(1);
        assertThat(oldTls.get("Effect").asText()).isEqualTo("Deny");
        assertThat(oldTls.at("/Condition/NumericLessThan/s3:TlsVersion").asText()).isEqualTo("1.2");

        assertThat(mocks.ofType("aws:s3/bucketLoggingV2:BucketLoggingV2")).isEmpty();
        assertThat(made.get().dependencies()).hasSize(6);
    }

    @Test
    void kmsKeyAndAccessLogging_useSseKmsWithBucketKeyAndALoggingResource() {
        AtomicReference<SecureBucket> made = new AtomicReference<>();
        var mocks = MockRun.run(ctx -> {
            var parent = new ComponentResource("test:index:Holder", "holder");
            made.set(SecureBucket.create("data", SecureBucket.Options.defaults()
                .bucketName("my-data")
                .kmsKeyArn(Output.of("arn:aws:kms:us-east-1:123456789012:key/abc"))
                .accessLogBucketName(Output.of("my-logs"))
                .noncurrentVersionExpirationDays(90)
                .forceDestroy(true), TAGS, parent));
        }).mocks();

        Registered bucket = mocks.single("aws:s3/bucketV2:BucketV2");
        assertThat(bucket.input("bucket")).isEqualTo("my-data");
        assertThat(bucket.input("forceDestroy")).isEqualTo(true);
        JsonNode sse = tree(mocks.single(
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2").input("rules"));
        assertThat(sse.at("/0/applyServerSideEncryptionByDefault/sseAlgorithm").asText()).isEqualTo("aws:kms");
        assertThat(sse.at("/0/applyServerSideEncryptionByDefault/kmsMasterKeyId").asText())
            .isEqualTo("arn:aws:kms:us-east-1:123456789012:key/abc");
        assertThat(sse.at("/0/bucketKeyEnabled").asBoolean()).isTrue();
        JsonNode rules = tree(mocks.single(
            "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2").input("rules"));
        assertThat(rules.at("/0/noncurrentVersionExpiration/noncurrentDays").asDouble()).isEqualTo(90.0);

        Registered logging = mocks.single("aws:s3/bucketLoggingV2:BucketLoggingV2");
        assertThat(logging.name()).isEqualTo("data-logging");
        assertThat(logging.input("bucket")).isEqualTo("my-data");
        assertThat(logging.input("targetBucket")).isEqualTo("my-logs");
        assertThat(logging.input("targetPrefix")).isEqualTo("s3-access/data/");
        assertThat(made.get().dependencies()).hasSize(7);
    }

    @Test
    void extraPolicyStatements_followTheTlsDenials() throws Exception {
        var mocks = MockRun.run(ctx -> {
            var parent = new ComponentResource("test:index:Holder", "holder");
            SecureBucket.create("data", SecureBucket.Options.defaults().extraPolicyStatement(Output.of(
                PolicyDocument.deny("DenyDeleteBucket", List.of("s3:DeleteBucket"), List.of("arn:aws:s3:::data"))
                    .withAnyPrincipal())), TAGS, parent);
        }).mocks();
        JsonNode statements = JSON.readTree((String) mocks.single("aws:s3/bucketPolicy:BucketPolicy").input("policy"))
            .get("Statement");
        assertThat(statements).hasSize(3);
        assertThat(statements.get(2).get("Sid").asText()).isEqualTo("DenyDeleteBucket");
    }

    @Test
    void nonPositiveLifecycleDays_areRejectedWithTheSettingNamed() {
        assertThatThrownBy(() -> SecureBucket.create("data",
            SecureBucket.Options.defaults().noncurrentVersionExpirationDays(0), TAGS, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("SecureBucket data: noncurrentVersionExpirationDays must be >= 1 (got 0)");
        assertThatThrownBy(() -> SecureBucket.create("data",
            SecureBucket.Options.defaults().abortIncompleteMultipartDays(-1), TAGS, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("SecureBucket data: abortIncompleteMultipartDays must be >= 1 (got -1)");
    }

    private static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }
}
