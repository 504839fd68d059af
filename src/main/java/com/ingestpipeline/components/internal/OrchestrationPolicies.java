package com.ingestpipeline.components.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The IAM documents of the OrchestrationFlow's state machine role, as pure functions of concrete ARNs. One
 * statement per permission, each scoped as narrowly as the service allows.
 */
public final class OrchestrationPolicies {
    /**
     * The CloudWatch Logs vended-log delivery actions Step Functions needs to log to a log group. AWS's
     * Step Functions developer guide ("IAM policies for logging to CloudWatch Logs") lists them with
     * Resource "*": log deliveries and account-level resource policies have no resource-level permissions.
     */
    public static final List<String> LOG_DELIVERY_ACTIONS = List.of("logs:CreateLogDelivery",
        "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries",
        "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");

    /**
     * The X-Ray actions of AWS's AWSXrayWriteOnlyAccess that Step Functions uses for active tracing; X-Ray has
     * no resource-level permissions for them (X-Ray IAM docs), so "*" is the only possible scope.
     */
    public static final List<String> XRAY_ACTIONS = List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords",
        "xray:GetSamplingRules", "xray:GetSamplingTargets");

    private OrchestrationPolicies() {
    }

    /**
     * Trust for states.amazonaws.com, limited to the stack's own state machine (confused-deputy protection as the
     * Step Functions docs recommend). Its exact ARN cannot be named here (the state machine needs the role
     * first), so the trust names its auto-name: Pulumi names it {@code <logical name>-<random suffix>}, so
     * {@code stateMachine:<logical name>-*} matches it and no other state machine of the account.
     */
    public static String trustPolicy(AwsLocation at, String account, String stateMachineLogicalName) {
        return PolicyDocument.toJson(List.of(PolicyDocument.serviceTrust("states.amazonaws.com", account)
            .when("ArnLike", "aws:SourceArn", at.arn("states", account, "stateMachine:" + stateMachineLogicalName + "-*"))));
    }

    /**
     * The role's permissions: start exactly the worker instances, invoke exactly the status function's alias the
     * definition calls (Lambda authorises a qualified invoke on the qualified ARN; no other version or alias, nor
     * the unqualified $LATEST), and, when switched on, log delivery and X-Ray.
     */
    public static List<PolicyDocument.Statement> roleStatements(List<String> workerInstanceArns,
                                                                String statusAliasArn, boolean logging,
                                                                boolean tracing) {
        if (workerInstanceArns.isEmpty()) {
            throw new IllegalArgumentException("OrchestrationFlowArgs: workerInstanceIds must not be empty");
        }
        List<PolicyDocument.Statement> out = new ArrayList<>();
        out.add(PolicyDocument.allow("StartWorkerInstances", List.of("ec2:StartInstances"), workerInstanceArns));
        out.add(PolicyDocument.allow("InvokeStatusFunction", List.of("lambda:InvokeFunction"), List.of(statusAliasArn)));
        out.addAll(monitoringStatements(logging, tracing));
        return out;
    }

    /** Log delivery and X-Ray, when switched on: what every state machine role of the stack needs to be watched. */
    public static List<PolicyDocument.Statement> monitoringStatements(boolean logging, boolean tracing) {
        List<PolicyDocument.Statement> out = new ArrayList<>();
        if (logging) {
            out.add(PolicyDocument.allow("LogDelivery", LOG_DELIVERY_ACTIONS, List.of("*")));
        }
        if (tracing) {
            out.add(PolicyDocument.allow("XRayTracing", XRAY_ACTIONS, List.of("*")));
        }
        return out;
    }

    /**
     * Starting an instance whose EBS volumes are encrypted with a customer managed key makes EC2 create a KMS grant
     * for the volume with the caller's credentials. Without kms:CreateGrant the StartInstances call succeeds but the
     * instance falls back to "stopped" (state reason Client.InternalError), so the workflow would only notice at
     * the heartbeat timeout. GrantIsForAWSResource limits the grant to one EC2 creates on the role's behalf
     * (EBS encryption docs, "Permissions for users"), and kms:ViaService to grants EC2 asks for in this region.
     */
    public static PolicyDocument.Statement grantVolumeKeyToEc2(String kmsKeyArn, AwsLocation at) {
        return Grants.useKeyVia("StartWorkersWithEncryptedVolumes", List.of("kms:CreateGrant"), kmsKeyArn, "ec2", at)
            .when("Bool", "kms:GrantIsForAWSResource", "true");
    }

    /** The execution statuses that end an execution without its RecordFailure state having run for sure. */
    public static final List<String> STOPPED_STATUSES = List.of("TIMED_OUT", "ABORTED", "FAILED");

    /** EventBridge pattern: this state machine's executions entering one of {@link #STOPPED_STATUSES}. */
    public static String stoppedExecutionPattern(String stateMachineArn) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var pattern = json.createObjectNode();
        pattern.putArray("source").add("aws.states");
        pattern.putArray("detail-type").add("Step Functions Execution Status Change");
        var detail = pattern.putObject("detail");
        STOPPED_STATUSES.forEach(detail.putArray("status")::add);
        detail.putArray("stateMachineArn").add(stateMachineArn);
        return pattern.toString();
    }

    /** {@code arn:<partition>:ec2:<region>:<account>:instance/<id>} for each id. */
    public static List<String> instanceArns(AwsLocation at, String account, List<String> ids) {
        return ids.stream().map(id -> at.arn("ec2", account, "instance/" + id)).toList();
    }
}
