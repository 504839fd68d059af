package com.ingestpipeline.components.internal;


import com.ingestpipeline.components.internal.PolicyDocument.Statement;

import java.util.List;

/** The alarm topic's key and topic policies, as data (unit-tested without Pulumi). */
public final class AlarmTopicPolicies {
    private AlarmTopicPolicies() {
    }

    /**
     * The account administers the key through IAM (the default key policy statement); CloudWatch may use it to
     * encrypt the messages it publishes (CloudWatch docs, "Amazon SNS topic encryption": kms:Decrypt and
     * kms:GenerateDataKey* for cloudwatch.amazonaws.com).
     */
    public static List<Statement> keyPolicy(String partition, String accountId) {
        return List.of(
            PolicyDocument.allow("AccountAdministersThroughIam", List.of("kms:*"), List.of("*"))
                .withPrincipalAws("arn:" + partition + ":iam::" + accountId + ":root"),
            PolicyDocument.allow("CloudWatchAlarmsEncrypt", List.of("kms:Decrypt", "kms:GenerateDataKey*"), List.of("*"))
                .withPrincipalService("cloudwatch.amazonaws.com"));
    }

    /** Only this account's alarms may publish, only over TLS. */
    public static List<Statement> topicPolicy(String topicArn, String partition, String region, String accountId) {
        return List.of(
            PolicyDocument.allow("CloudWatchAlarmsPublish", List.of("sns:Publish"), List.of(topicArn))
                .withPrincipalService("cloudwatch.amazonaws.com")
                .when("StringEquals", "aws:SourceAccount", accountId)
                .when("ArnLike", "aws:SourceArn", "arn:" + partition + ":cloudwatch:" + region + ":" + accountId + ":alarm:*"),
            PolicyDocument.deny("DenyInsecureTransport", List.of("sns:Publish"), List.of(topicArn))
                .withAnyPrincipal()
                .when("Bool", "aws:SecureTransport", "false"));
    }
}
