package com.ingestpipeline.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.List;
import java.util.Optional;

/**
 * Where in the network a component's functions or instances run: the {@code network} input of
 * {@link IngestPipeline}, {@link OrchestrationFlow} and {@link BatchComputeNode}. {@link Network#placement()}
 * returns one filled in; an existing VPC is described with {@link #builder()}.
 */
public final class NetworkPlacementArgs extends ResourceArgs {
    /** VPC id. Default: none (required). */
    @Import(name = "vpcId", required = true)
    private Output<String> vpcId;

    /** Private subnets, in 2+ availability zones (BatchComputeNode puts instance i in subnet i mod n). Default: none (required). */
    @Import(name = "subnetIds", required = true)
    private Output<List<String>> subnetIds;

    /** The VPC's IPv4 CIDR: BatchComputeNode's default HTTPS egress destination; the Lambda-based components look it up themselves and ignore it. Default: looked up from vpcId. */
    @Import(name = "vpcCidr")
    private Output<String> vpcCidr;

    /** The region's S3 prefix list, for BatchComputeNode's HTTPS egress to the S3 gateway endpoint; ignored by the Lambda-based components. Default: looked up (com.amazonaws.&lt;region&gt;.s3). */
    @Import(name = "s3PrefixListId")
    private Output<String> s3PrefixListId;

    private NetworkPlacementArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The VPC id; null only when not set (the component refuses that). */
    public Output<String> vpcId() { return vpcId; }
    /** The subnet ids; null only when not set (the component refuses that). */
    public Output<List<String>> subnetIds() { return subnetIds; }
    public Optional<Output<String>> vpcCidr() { return Optional.ofNullable(vpcCidr); }
    public Optional<Output<String>> s3PrefixListId() { return Optional.ofNullable(s3PrefixListId); }

    /** Hand-written builder; unset fields stay null and mean "use the default". */
    public static final class Builder {
        private Output<String> vpcId;
        private Output<List<String>> subnetIds;
        private Output<String> vpcCidr;
        private Output<String> s3PrefixListId;

        public Builder vpcId(Output<String> v) { vpcId = v; return this; }
        public Builder vpcId(String v) { return vpcId(v == null ? null : Output.of(v)); }
        public Builder subnetIds(Output<List<String>> v) { subnetIds = v; return this; }
        public Builder subnetIds(List<String> v) { return subnetIds(v == null ? null : Output.of(List.copyOf(v))); }
        public Builder vpcCidr(Output<String> v) { vpcCidr = v; return this; }
        public Builder vpcCidr(String v) { return vpcCidr(v == null ? null : Output.of(v)); }
        public Builder s3PrefixListId(Output<String> v) { s3PrefixListId = v; return this; }
        public Builder s3PrefixListId(String v) { return s3PrefixListId(v == null ? null : Output.of(v)); }

        /** A new Args each call. */
        public NetworkPlacementArgs build() {
            NetworkPlacementArgs args = new NetworkPlacementArgs();
            args.vpcId = vpcId;
            args.subnetIds = subnetIds;
            args.vpcCidr = vpcCidr;
            args.s3PrefixListId = s3PrefixListId;
            return args;
        }
    }
}
