package com.ingestpipeline.components.internal;

import java.util.ArrayList;
import java.util.List;

import static com.ingestpipeline.components.internal.PolicyDocument.allow;

/**
 * The batch worker role's inline policy: one statement per thing the worker touches, each scoped to that
 * resource. S3 access to the data bucket is not here: IngestPipeline grants it on the role name, because
 * the bucket is created after this node (construction order in docs/design.md).
 */
public final class WorkerPolicies {
    private WorkerPolicies() {
    }

    /**
     * What the SSM agent calls for Session Manager (the only way onto a worker), instead of the AWS-managed
     * AmazonSSMManagedInstanceCore, which also grants ssm:GetParameter(s) and ssm:GetDocument on every parameter and
     * document of the account. From the Session Manager docs' minimal instance profile ("Step 2: Verify or add
     * instance permissions for Session Manager") plus the ec2messages actions the agent polls for commands.
     * ssm:UpdateInstanceInformation is authorised on the instance's ARN; the ssmmessages and ec2messages actions
     * have no resource-level permissions (Service Authorization Reference), so "*" is their only scope.
     */
    public static List<PolicyDocument.Statement> sessionManagerAgent(String partition, String region, String account) {
        return List.of(
            allow("SsmAgentRegistration", List.of("ssm:UpdateInstanceInformation"),
                List.of("arn:" + partition + ":ec2:" + region + ":" + account + ":instance/*")),
            allow("SessionManagerChannels", List.of("ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"), List.of("*")),
            allow("SsmAgentMessages", List.of("ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage",
                "ec2messages:FailMessage", "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply"),
                List.of("*")));
    }

    /**
     * @param secretKmsKeyArn   customer key of the database secret, or null for aws/secretsmanager
     * @param artifactObjectArns the worker jar and, when the node has one, its SQL job: exactly these objects
     * @param artifactKmsKeyArn key of the artifacts bucket's objects, or null for SSE-S3
     * @param logGroupArn       the worker log group when the node ships logs, or null: no logs grant at all
     */
    public static List<PolicyDocument.Statement> worker(String activityArn, String secretArn, String secretKmsKeyArn,
                                                        String region, List<String> artifactObjectArns,
                                                        String artifactKmsKeyArn, String logGroupArn) {
        List<PolicyDocument.Statement> out = new ArrayList<>();
        // SendTask* take a task token, but IAM authorises them against the activity the token came from.
        out.add(allow("ActivityTasks", List.of("states:GetActivityTask", "states:SendTaskSuccess",
            "states:SendTaskFailure", "states:SendTaskHeartbeat"), List.of(activityArn)));
        out.add(allow("DatabaseSecret", List.of("secretsmanager:GetSecretValue"), List.of(secretArn)));
        if (secretKmsKeyArn != null) {
            out.add(allow("DatabaseSecretKey", List.of("kms:Decrypt"), List.of(secretKmsKeyArn))
                .when("StringEquals", "kms:ViaService", "secretsmanager." + region + ".amazonaws.com"));
        }
        out.add(allow("WorkerArtifact", List.of("s3:GetObject"), artifactObjectArns));
        if (artifactKmsKeyArn != null) {
            out.add(allow("WorkerArtifactKey", List.of("kms:Decrypt"), List.of(artifactKmsKeyArn))
                .when("StringEquals", "kms:ViaService", "s3." + region + ".amazonaws.com"));
        }
        if (logGroupArn != null) {
            // What the CloudWatch agent calls for files shipped to an existing group: its stream (named
            // after the instance) and events. No CreateLogGroup, no retention: the component owns the group.
            out.add(allow("WorkerLogs", List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
                List.of(logGroupArn + ":*")));
        }
        return out;
    }
}
