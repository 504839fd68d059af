package com.ingestpipeline.components.internal;

import com.ingestpipeline.components.NetworkPlacementArgs;
import com.pulumi.aws.ec2.Ec2Functions;
import com.pulumi.aws.ec2.inputs.GetPrefixListArgs;
import com.pulumi.aws.ec2.inputs.GetVpcArgs;
import com.pulumi.core.Output;
import com.pulumi.deployment.InvokeOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * What every component with a {@code network} input shares: its validation, and the VPC CIDR and S3 prefix
 * list it carries ({@link com.ingestpipeline.components.Network#placement()} fills both), looked up only when
 * a hand-built placement leaves them out.
 */
public final class NetworkPlacement {
    private NetworkPlacement() {
    }

    /** Every problem with a component's {@code network} input, each naming its nested field. */
    public static List<String> problems(NetworkPlacementArgs network) {
        List<String> problems = new ArrayList<>();
        if (network == null || network.vpcId() == null) problems.add("network.vpcId is required");
        if (network == null || network.subnetIds() == null) problems.add("network.subnetIds is required");
        return problems;
    }

    /** The placement's VPC CIDR, or the VPC's own when the placement does not say. */
    public static Output<String> vpcCidr(NetworkPlacementArgs network, InvokeOptions invoke) {
        return network.vpcCidr().orElseGet(() ->
            Ec2Functions.getVpc(GetVpcArgs.builder().id(network.vpcId()).build(), invoke).applyValue(v -> v.cidrBlock()));
    }

    /** The placement's S3 prefix list, or the region's (partition-aware name) when the placement does not say. */
    public static Output<String> s3PrefixListId(NetworkPlacementArgs network, InvokeOptions invoke) {
        return network.s3PrefixListId().orElseGet(() -> s3PrefixListId(AwsLocation.lookUp(invoke), invoke));
    }

    /**
     * The region's S3 prefix list: it exists whether or not the VPC has a gateway endpoint, and security group
     * egress to S3 through the endpoint names it (S3's addresses are not in the VPC CIDR).
     */
    public static Output<String> s3PrefixListId(Output<AwsLocation> location, InvokeOptions invoke) {
        return location.apply(at -> Ec2Functions.getPrefixList(
                GetPrefixListArgs.builder().name(at.s3PrefixListName()).build(), invoke))
            .applyValue(p -> p.id());
    }
}
