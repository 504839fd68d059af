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

    /** The boot script downloads exactly one object: the worker jar. */
    public static PolicyDocument.Statement artifact(String artifactObjectArn) {
        return allow("WorkerArtifact", List.of("s3:GetObject"), List.of(artifactObjectArn));
    }

    /** The artifacts bucket's key, only while S3 reads the jar. */
    public static PolicyDocument.Statement artifactKey(String artifactKmsKeyArn, AwsLocation at) {
        return Grants.decryptVia("WorkerArtifactKey", artifactKmsKeyArn, "s3", at);
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
