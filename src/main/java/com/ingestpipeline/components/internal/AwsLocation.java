package com.ingestpipeline.components.internal;

import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.inputs.GetCallerIdentityArgs;
import com.pulumi.aws.inputs.GetPartitionArgs;
import com.pulumi.aws.inputs.GetRegionArgs;
import com.pulumi.core.Output;
import com.pulumi.deployment.InvokeOptions;

/**
 * Where the stack deploys: the partition and region, and the names AWS derives from them. Service names are
 * partition-specific (aws-cn uses {@code amazonaws.com.cn} and {@code cn.com.amazonaws}), so every name built
 * from a service, an ARN partition or a prefix list comes from here, never from a literal {@code amazonaws.com}.
 */
public record AwsLocation(String partition, String region, String dnsSuffix, String reverseDnsPrefix) {

    /** The provider's partition and region, looked up once per component. */
    public static Output<AwsLocation> lookUp(InvokeOptions invoke) {
        return Output.tuple(
                AwsFunctions.getPartition(GetPartitionArgs.builder().build(), invoke),
                AwsFunctions.getRegion(GetRegionArgs.builder().build(), invoke))
            .applyValue(t -> new AwsLocation(t.t1.partition(), t.t2.name(), t.t1.dnsSuffix(), t.t1.reverseDnsPrefix()));
    }

    /** The account the provider deploys into: the other half of every ARN this stack writes. */
    public static Output<String> account(InvokeOptions invoke) {
        return AwsFunctions.getCallerIdentity(GetCallerIdentityArgs.builder().build(), invoke).applyValue(c -> c.accountId());
    }

    /** {@code secretsmanager.eu-west-1.amazonaws.com}: the value of {@code kms:ViaService} for that service. */
    public String serviceEndpoint(String service) {
        return service + "." + region + "." + dnsSuffix;
    }

    /** A VPC endpoint service name, {@code com.amazonaws.eu-west-1.<service>} ({@code cn.com.amazonaws...} in China). */
    public String endpointServiceName(String service) {
        return reverseDnsPrefix + "." + region + "." + service;
    }

    /** The AWS-managed prefix list of the region's S3 gateway endpoint: named like the endpoint service. */
    public String s3PrefixListName() {
        return endpointServiceName("s3");
    }

    /** {@code arn:<partition>:s3:::<bucket>[/<key pattern>]}: S3 ARNs name neither region nor account. */
    public String s3Arn(String bucketAndKey) {
        return "arn:" + partition + ":s3:::" + bucketAndKey;
    }

    /** {@code arn:<partition>:<service>:<region>:<account>:<resource>}; region or account may be empty. */
    public String arn(String service, String account, String resource) {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }
}
