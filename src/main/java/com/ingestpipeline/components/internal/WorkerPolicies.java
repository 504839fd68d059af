package com.ingestpipeline.components.internal;

import java.util.List;

import static com.ingestpipeline.components.internal.PolicyDocument.allow;

/**
 * The batch worker role's own statements, one per thing the worker touches, each scoped to that resource.
 * The database secret grants come from {@link Grants} like every other client's. S3 access to the data
 * bucket is not here: IngestPipeline grants it on the role name, because the bucket is created after this
 * node (construction order in docs/design.md).
 */
public final class WorkerPolicies {
    private WorkerPolicies() {
    }

    /** SendTask* take a task token, but IAM authorises them against the activity the token came from. */
    public static PolicyDocument.Statement activityTasks(String activityArn) {
        return allow("ActivityTasks", List.of("states:GetActivityTask", "states:SendTaskSuccess",
            "states:SendTaskFailure", "states:SendTaskHeartbeat"), List.of(activityArn));
    }

    /**
     * The boot script downloads from the artifact prefix only (the pointer, then the jar and the shipped SQL job it
     * names), plus a SQL job the user keeps elsewhere in the bucket: exactly these objects.
     */
    public static PolicyDocument.Statement artifact(List<String> artifactObjectArns) {
        return allow("WorkerArtifact", List.of("s3:GetObject"), artifactObjectArns);
    }

    /** The artifacts bucket's key, only while S3 reads the jar. */
    public static PolicyDocument.Statement artifactKey(String artifactKmsKeyArn, AwsLocation at) {
        return Grants.decryptVia("WorkerArtifactKey", artifactKmsKeyArn, "s3", at);
    }

    /**
     * What the SSM agent calls for Session Manager (the only way onto a worker), instead of the AWS-managed
     * AmazonSSMManagedInstanceCore, which also grants ssm:GetParameter(s) and ssm:GetDocument on every parameter and
     * document of the account. From the Session Manager docs' minimal instance profile ("Step 2: Verify or add
     * instance permissions for Session Manager") plus the ec2messages actions the agent polls for commands.
     * ssm:UpdateInstanceInformation is authorised on the instance's ARN; the ssmmessages and ec2messages actions
     * have no resource-level permissions (Service Authorization Reference), so "*" is their only scope.
     */
    public static List<PolicyDocument.Statement> sessionManagerAgent(AwsLocation at, String account) {
        return List.of(
            allow("SsmAgentRegistration", List.of("ssm:UpdateInstanceInformation"),
                List.of(at.arn("ec2", account, "instance/*"))),
            allow("SessionManagerChannels", List.of("ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"), List.of("*")),
            allow("SsmAgentMessages", List.of("ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage",
                "ec2messages:FailMessage", "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply"),
                List.of("*")));
    }

    /**
     * What the CloudWatch agent calls for files shipped to an existing group: its stream (named after the
     * instance) and events. No CreateLogGroup, no retention: the component owns the group.
     */
    public static PolicyDocument.Statement logs(String logGroupArn) {
        return allow("WorkerLogs", List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
            List.of(logGroupArn + ":*"));
    }
}
