package com.ingestpipeline.components.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The IAM statements of the ingest pipeline, each scoped to the one resource it is about. Pure functions
 * of ARNs, so they are tested without Pulumi.
 */
public final class IngestPolicies {
    private IngestPolicies() {
    }

    /** {@code arn:aws:s3:::bucket/prefix*}: the objects under one key prefix. */
    public static String objectsUnder(String bucketArn, String prefix) {
        return bucketArn + "/" + prefix + "*";
    }

    /**
     * The ingest function: read new input objects, start the workflow, dead-letter. The database secret grants
     * are every client's ({@link DatabaseClient#secretStatements}).
     */
    public static List<PolicyDocument.Statement> ingestFunction(String bucketArn, String inputPrefix,
                                                                 String stateMachineArn, String failureQueueArn,
                                                                 String kmsKeyArn, AwsLocation at) {
        List<PolicyDocument.Statement> out = new ArrayList<>(List.of(
            // HeadObject is authorised by s3:GetObject; GetObjectVersion covers reads of a specific version.
            PolicyDocument.allow("ReadInputObjects", List.of("s3:GetObject", "s3:GetObjectVersion"),
                List.of(objectsUnder(bucketArn, inputPrefix))),
            PolicyDocument.allow("StartWorkflow", List.of("states:StartExecution"), List.of(stateMachineArn)),
            // Lambda delivers failed async events to the on-failure destination with the function's own role.
            PolicyDocument.allow("SendToFailureQueue", List.of("sqs:SendMessage"), List.of(failureQueueArn)),
            listInputPrefix(bucketArn, inputPrefix)));
        if (kmsKeyArn != null) {
            out.add(Grants.decryptVia("DecryptInputObjects", kmsKeyArn, "s3", at));
        }
        return out;
    }

    /**
     * S3 answers a GET or HEAD of a key that does not exist with 403, not 404, unless the caller may list the
     * bucket (S3 GetObject/HeadObject docs, "Permissions"); the ingest function treats 404 as "deleted before we
     * looked" and anything else as a failure worth retrying. Listing is confined to the input prefix for any
     * request that names a prefix. {@code IfExists}: the existence check S3 makes while answering a GET/HEAD
     * carries no {@code s3:prefix} in its request context, and a plain {@code StringLike} on a missing key never
     * matches, which would leave the 403 in place.
     */
    static PolicyDocument.Statement listInputPrefix(String bucketArn, String inputPrefix) {
        return PolicyDocument.allow("ListInputPrefix", List.of("s3:ListBucket"), List.of(bucketArn))
            .when("StringLikeIfExists", "s3:prefix", inputPrefix + "*");
    }

    /** The batch worker: read the input prefix, write the results prefix, nothing else of this bucket. */
    public static List<PolicyDocument.Statement> worker(String bucketArn, String inputPrefix, String resultsPrefix,
                                                        String kmsKeyArn, AwsLocation at) {
        List<PolicyDocument.Statement> out = new ArrayList<>(List.of(
            PolicyDocument.allow("ReadInputObjects", List.of("s3:GetObject", "s3:GetObjectVersion"),
                List.of(objectsUnder(bucketArn, inputPrefix))),
            PolicyDocument.allow("WriteResults", List.of("s3:PutObject"),
                List.of(objectsUnder(bucketArn, resultsPrefix)))));
        if (kmsKeyArn != null) {
            out.add(Grants.useKeyVia("UseBucketKey", List.of("kms:Decrypt", "kms:GenerateDataKey"), kmsKeyArn, "s3", at));
        }
        return out;
    }

    /**
     * The failure queue's own policy: nothing reaches it except over TLS, and, with EventBridge delivery, the one rule
     * whose target dead-letters into it may send (EventBridge sends a target's undeliverable events as
     * {@code events.amazonaws.com}; {@code aws:SourceArn} pins the rule, the confused-deputy guard EventBridge's
     * dead-letter queue docs recommend). {@code eventRuleArn} is null without EventBridge delivery.
     */
    public static List<PolicyDocument.Statement> failureQueue(String queueArn, String eventRuleArn) {
        List<PolicyDocument.Statement> out = new ArrayList<>(List.of(
            PolicyDocument.deny("DenyInsecureTransport", List.of("sqs:*"), List.of(queueArn))
                .withAnyPrincipal()
                .when("Bool", "aws:SecureTransport", "false")));
        if (eventRuleArn != null) {
            out.add(PolicyDocument.allow("EventBridgeDeadLetters", List.of("sqs:SendMessage"), List.of(queueArn))
                .withPrincipalService("events.amazonaws.com")
                .when("ArnEquals", "aws:SourceArn", eventRuleArn));
        }
        return out;
    }
}
