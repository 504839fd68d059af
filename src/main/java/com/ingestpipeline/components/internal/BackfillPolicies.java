package com.ingestpipeline.components.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The IAM documents of the backfill state machine's role, as pure functions of concrete ARNs, each permission
 * scoped as the Step Functions developer guide's "IAM policies for using Distributed Map states" shows it.
 */
public final class BackfillPolicies {
    /** What the ResultWriter needs on the manifest prefix: it writes the manifest and result files in parts. */
    public static final List<String> RESULT_WRITER_ACTIONS = List.of("s3:PutObject", "s3:GetObject",
        "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload");

    private BackfillPolicies() {
    }

    /**
     * Everything but the state machine's own ARN (not known before it exists): list only the input prefix, write
     * only the manifest prefix, invoke only the ingest function, and log delivery / X-Ray when switched on.
     *
     * @param bucketKmsKeyArn the bucket's customer managed key, or null for SSE-S3 / the AWS managed key
     */
    public static List<PolicyDocument.Statement> roleStatements(String bucketArn, String inputPrefix,
                                                                String manifestPrefix, String ingestFunctionArn,
                                                                String bucketKmsKeyArn, AwsLocation at, boolean logging,
                                                                boolean tracing) {
        List<PolicyDocument.Statement> out = new ArrayList<>();
        // ItemReader s3:listObjectsV2 is a ListBucket call; the s3:prefix condition pins it to the input prefix
        // whatever prefix an execution asks for.
        out.add(PolicyDocument.allow("ListInputPrefix", List.of("s3:ListBucket"), List.of(bucketArn))
            .when("StringLike", "s3:prefix", inputPrefix + "*"));
        out.add(PolicyDocument.allow("WriteManifest", RESULT_WRITER_ACTIONS,
            List.of(bucketArn + "/" + manifestPrefix + "/*")));
        // The function's alias ARN, exactly: a child execution invokes nothing else.
        out.add(PolicyDocument.allow("InvokeIngestFunction", List.of("lambda:InvokeFunction"),
            List.of(ingestFunctionArn)));
        if (bucketKmsKeyArn != null) {
            // Only through S3 (the manifest writes), never directly with the role's credentials.
            out.add(Grants.useKeyVia("ManifestBucketKey", List.of("kms:GenerateDataKey", "kms:Decrypt"), bucketKmsKeyArn,
                "s3", at));
        }
        out.addAll(OrchestrationPolicies.monitoringStatements(logging, tracing));
        return out;
    }

    /**
     * The state machine's permissions on itself: a Distributed Map starts its child executions with
     * states:StartExecution on its own state machine, describes and stops them (when the Map Run fails or is
     * stopped), and redrives them when the parent execution is redriven. Children are named
     * {@code execution:<state machine name>/<map run label>:<id>}.
     */
    public static List<PolicyDocument.Statement> selfStatements(String stateMachineArn) {
        String children = childExecutions(stateMachineArn);
        return List.of(
            PolicyDocument.allow("StartChildExecutions", List.of("states:StartExecution"), List.of(stateMachineArn)),
            PolicyDocument.allow("ManageChildExecutions", List.of("states:DescribeExecution", "states:StopExecution",
                "states:RedriveExecution"), List.of(children)));
    }

    /** {@code arn:...:execution:<state machine name>/*}: every child execution of the state machine's Map Runs. */
    public static String childExecutions(String stateMachineArn) {
        if (!stateMachineArn.contains(":stateMachine:")) {
            throw new IllegalArgumentException("not a state machine ARN: " + stateMachineArn);
        }
        return stateMachineArn.replace(":stateMachine:", ":execution:") + "/*";
    }
}
