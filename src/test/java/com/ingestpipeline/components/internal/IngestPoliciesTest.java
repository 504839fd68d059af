package com.ingestpipeline.components.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngestPoliciesTest {
    private static final String BUCKET = "arn:aws:s3:::data";
    private static final AwsLocation AT = new AwsLocation("aws", "eu-west-1", "amazonaws.com", "com.amazonaws");

    @Test
    void ingestFunction_scopesEachStatementToItsOneResource() {
        var st = IngestPolicies.ingestFunction(BUCKET, "incoming/", "arn:sm", "arn:queue", null, AT);
        assertThat(st).extracting(PolicyDocument.Statement::sid)
            .containsExactly("ReadInputObjects", "StartWorkflow", "SendToFailureQueue", "ListInputPrefix");
        assertThat(st).extracting(PolicyDocument.Statement::resources).containsExactly(
            List.of("arn:aws:s3:::data/incoming/*"), List.of("arn:sm"), List.of("arn:queue"),
            List.of("arn:aws:s3:::data"));
        assertThat(st).allSatisfy(s -> assertThat(s.effect()).isEqualTo("Allow"));
        assertThat(st).flatExtracting(PolicyDocument.Statement::actions).doesNotContain("s3:PutObject", "s3:*", "*");
    }

    @Test
    void ingestFunction_mayListTheInputPrefixSoAMissingObjectIs404NotAccessDenied() {
        var st = IngestPolicies.ingestFunction(BUCKET, "incoming/", "arn:sm", "arn:queue", null, AT);
        var list = st.stream().filter(s -> s.actions().contains("s3:ListBucket")).toList();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).actions()).containsExactly("s3:ListBucket");
        // ListBucket is a bucket action: its resource is the bucket ARN, never an object ARN.
        assertThat(list.get(0).resources()).containsExactly(BUCKET);
        assertThat(list.get(0).conditions()).containsExactly(
            new PolicyDocument.Condition("StringLikeIfExists", "s3:prefix", List.of("incoming/*")));
        String json = PolicyDocument.toJson(list);
        assertThat(json).contains("\"Condition\":{\"StringLikeIfExists\":{\"s3:prefix\":\"incoming/*\"}}");
    }

    @Test
    void kmsKey_addsDecryptForTheFunctionAndDecryptPlusDataKeyForTheWorker() {
        var fn = IngestPolicies.ingestFunction(BUCKET, "in/", "arn:sm", "arn:queue", "arn:key", AT);
        assertThat(fn.get(fn.size() - 1).actions()).containsExactly("kms:Decrypt");
        assertThat(fn.get(fn.size() - 1).resources()).containsExactly("arn:key");
        var worker = IngestPolicies.worker(BUCKET, "in/", "out/", "arn:key", AT);
        assertThat(worker.get(2).actions()).containsExactly("kms:Decrypt", "kms:GenerateDataKey");
        // Only through S3 on the stack's behalf: the key cannot be used directly with these credentials.
        var via = new PolicyDocument.Condition("StringEquals", "kms:ViaService", List.of("s3.eu-west-1.amazonaws.com"));
        assertThat(fn.get(fn.size() - 1).conditions()).containsExactly(via);
        assertThat(worker.get(2).conditions()).containsExactly(via);
    }

    @Test
    void worker_readsOnlyInputAndWritesOnlyResults() {
        var st = IngestPolicies.worker(BUCKET, "in/", "out/", null, AT);
        assertThat(st).hasSize(2);
        assertThat(st.get(0).actions()).containsExactly("s3:GetObject", "s3:GetObjectVersion");
        assertThat(st.get(0).resources()).containsExactly("arn:aws:s3:::data/in/*");
        assertThat(st.get(1).actions()).containsExactly("s3:PutObject");
        assertThat(st.get(1).resources()).containsExactly("arn:aws:s3:::data/out/*");
    }

    @Test
    void failureQueue_deniesNonTlsToEveryone() {
        String json = PolicyDocument.toJson(IngestPolicies.failureQueue("arn:queue", null));
        assertThat(json).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\","
            + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sqs:*\",\"Resource\":\"arn:queue\","
            + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}");
    }

    @Test
    void failureQueue_withEventBridgeDelivery_letsOnlyThatRuleDeadLetterIntoIt() {
        String rule = "arn:aws:events:us-east-1:123456789012:rule/ip-object-created-1a2b3c4";
        String json = PolicyDocument.toJson(IngestPolicies.failureQueue("arn:queue", rule));
        assertThat(json).endsWith(",{\"Sid\":\"EventBridgeDeadLetters\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"events.amazonaws.com\"},\"Action\":\"sqs:SendMessage\","
            + "\"Resource\":\"arn:queue\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"" + rule + "\"}}}]}");
    }
}
