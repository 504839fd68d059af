package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.AwsLocation;
import com.ingestpipeline.components.internal.EndpointPolicies;
import com.pulumi.aws.ec2.VpcEndpointPolicy;
import com.pulumi.aws.ec2.VpcEndpointPolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data perimeter of the VPC's S3 gateway endpoint: only the stack's own buckets (for principals of its
 * account) and the AWS-owned buckets the workers boot from ({@link EndpointPolicies#bootBuckets}). Without it the
 * gateway endpoint reaches any bucket of any account.
 *
 * <p>A separate {@code VpcEndpointPolicy}, not the endpoint's inline policy: the endpoint comes first (everything
 * in the VPC needs it), the buckets it must name are created later by the components that own them.
 */
public final class BucketPerimeter extends ComponentResource {
    public static final String TYPE = "ingestpipeline:index:BucketPerimeter";

    /** The endpoint policy document as applied. */
    @Export(name = "policy", refs = {String.class})
    public final Output<String> policy;

    public BucketPerimeter(String name, BucketPerimeterArgs args, ComponentResourceOptions opts) {
        super(TYPE, name, validated(args), opts);
        InvokeOptions invoke = InvokeOptions.builder().parent(this).build();
        this.policy = Output.tuple(AwsLocation.lookUp(invoke), AwsLocation.account(invoke), args.bucketNames())
            .applyValue(t -> EndpointPolicies.s3Gateway(t.t1.partition(), t.t1.region(), t.t2, new ArrayList<>(t.t3)));
        new VpcEndpointPolicy(name + "-s3", VpcEndpointPolicyArgs.builder()
            .vpcEndpointId(args.s3EndpointId())
            .policy(policy)
            .build(), CustomResourceOptions.builder().parent(this).build());
        registerOutputs(Map.of("policy", policy));
    }

    private static BucketPerimeterArgs validated(BucketPerimeterArgs args) {
        List<String> problems = new ArrayList<>();
        if (args.s3EndpointId() == null) {
            problems.add("s3EndpointId is required (Network.s3EndpointId)");
        }
        if (args.bucketNames() == null) {
            problems.add("bucketNames is required (the stack's buckets)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("BucketPerimeterArgs: " + String.join("; ", problems));
        }
        return args;
    }
}
