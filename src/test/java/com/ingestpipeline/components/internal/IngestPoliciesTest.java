package com.ingestpipeline.components.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngestPoliciesTest {
    private static final String BUCKET = "arn:aws:s3:::data";

    @Test
    void ingestFunction_scopesEachStatementToItsOneResource() {
        var st = IngestPolicies.ingestFunction(BUCKET, "incoming/", "arn:sm", "arn:secret", "arn:queue", null);
        assertThat(st).extracting(PolicyDocument.Statement::sid)
            .containsExactly("ReadInputObjects", "StartWorkflow", "ReadDatabaseSecret", "SendToFailureQueue");
        assertThat(st).extracting(PolicyDocument.Statement::resources).containsExactly(
            List.of("arn:aws:s3:::data/incoming/*"), List.of("arn:sm"), List.of("arn:secret"), List.of("arn:queue"));
        assertThat(st).allSatisfy(s -> assertThat(s.effect()).isEqualTo("Allow"));
        assertThat(st).flatExtracting(PolicyDocument.Statement::actions).doesNotContain("s3:PutObject", "s3:*", "*");
    }

    @Test
    void kmsKey_addsDecryptForTheFunctionAndDecryptPlusDataKeyForTheWorker() {
        var fn = IngestPolicies.ingestFunction(BUCKET, "in/", "arn:sm", "arn:secret", "arn:queue", "arn:key");
        assertThat(fn.get(fn.size() - 1).actions()).containsExactly("kms:Decrypt");
        assertThat(fn.get(fn.size() - 1).resources()).containsExactly("arn:key");
        var worker = IngestPolicies.worker(BUCKET, "in/", "out/", "arn:key");
        assertThat(worker.get(2).actions()).containsExactly("kms:Decrypt", "kms:GenerateDataKey");
    }

    @Test
    void worker_readsOnlyInputAndWritesOnlyResults() {
        var st = IngestPolicies.worker(BUCKET, "in/", "out/", null);
        assertThat(st).hasSize(2);
        assertThat(st.get(0).actions()).containsExactly("s3:GetObject", "s3:GetObjectVersion");
        assertThat(st.get(0).resources()).containsExactly("arn:aws:s3:::data/in/*");
        assertThat(st.get(1).actions()).containsExactly("s3:PutObject");
        assertThat(st.get(1).resources()).containsExactly("arn:aws:s3:::data/out/*");
    }

    @Test
    void failureQueue_deniesNonTlsToEveryone() {
        String json = PolicyDocument.toJson(IngestPolicies.failureQueue("arn:queue"));
        assertThat(json).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\","
            + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sqs:*\",\"Resource\":\"arn:queue\","
            + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}");
    }
}
