package com.ingestpipeline.components.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * VPC endpoint policies, the stack's data perimeter: what may pass through an endpoint, on top of what each role
 * may do. An endpoint without a policy gets AWS's default, which allows any principal to reach any resource of the
 * service (any bucket of any account, for the S3 gateway endpoint).
 */
public final class EndpointPolicies {
    /**
     * S3 actions the stack's principals make on its own buckets: the ingest function reads objects (ranged GET,
     * HEAD on a version) and lists its prefix for 404s, the worker and the boot script read and write objects.
     */
    static final List<String> STACK_BUCKET_ACTIONS = List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject",
        "s3:ListBucket", "s3:AbortMultipartUpload");

    /** Endpoint service names whose IAM action prefix differs from the service name. */
    private static final Map<String, String> ACTION_PREFIX = Map.of("monitoring", "cloudwatch");

    private EndpointPolicies() {
    }

    /**
     * The AWS-owned buckets an instance reads while it boots, each with why (region {@code <region>} substituted):
     * the Amazon Linux 2023 package repositories, from which the user data's {@code dnf install} fetches Java, the
     * CloudWatch agent and their dependencies. AL2023's dnf reaches them as
     * {@code al2023-repos-<region>-de612dc2.s3.dualstack.<region>.amazonaws.com} (the bucket AWS's own data-perimeter
     * examples list: aws-samples/data-perimeter-policy-examples, vpc_endpoint_policies/s3_endpoint_policy.json). The
     * worker jar comes from the stack's own artifacts bucket, and the SSM agent ships in the AMI.
     */
    public static Map<String, String> bootBuckets(String region) {
        return Map.of("al2023-repos-" + region + "-de612dc2",
            "Amazon Linux 2023 package repositories (dnf install in the worker's user data)");
    }

    /**
     * The S3 gateway endpoint's policy: principals of {@code accountId} may use the stack's buckets, and anyone may
     * read the boot buckets. The second statement cannot require the account: dnf fetches repository files without
     * signing them, so the requests carry no principal at all.
     */
    public static String s3Gateway(String partition, String region, String accountId, List<String> bucketNames) {
        if (bucketNames.isEmpty()) {
            throw new IllegalArgumentException("the S3 endpoint policy needs at least one bucket of the stack");
        }
        List<String> stack = new ArrayList<>();
        for (String bucket : bucketNames) {
            stack.add("arn:" + partition + ":s3:::" + bucket);
            stack.add("arn:" + partition + ":s3:::" + bucket + "/*");
        }
        List<String> boot = bootBuckets(region).keySet().stream().sorted()
            .map(b -> "arn:" + partition + ":s3:::" + b + "/*").toList();
        return PolicyDocument.toJson(List.of(
            PolicyDocument.allow("StackBuckets", STACK_BUCKET_ACTIONS, stack).withAnyPrincipal()
                .when("StringEquals", "aws:PrincipalAccount", accountId),
            PolicyDocument.allow("BootPackageRepositories", List.of("s3:GetObject"), boot).withAnyPrincipal()));
    }

    /**
     * An interface endpoint's policy: any action of its service, on any resource, but only by principals of
     * {@code accountId}; credentials of another account cannot use the VPC's endpoint (no exfiltration through it).
     * The roles' own policies still decide which actions and resources.
     */
    public static String interfaceEndpoint(String service, String accountId) {
        String prefix = ACTION_PREFIX.getOrDefault(service, service);
        return PolicyDocument.toJson(List.of(
            PolicyDocument.allow("PrincipalsOfThisAccount", List.of(prefix + ":*"), List.of("*")).withAnyPrincipal()
                .when("StringEquals", "aws:PrincipalAccount", accountId)));
    }
}
