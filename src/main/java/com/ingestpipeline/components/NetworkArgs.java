package com.ingestpipeline.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.List;
import java.util.Optional;

/**
 * Settings for {@link Network}: either an existing VPC ({@code existingVpcId} + {@code existingSubnetIds})
 * or the settings for a new one, never both. Unset fields take the defaults in {@code NetworkDefaults}.
 */
public final class NetworkArgs extends ResourceArgs {
    /** Id of a VPC to use instead of creating one; needs {@code existingSubnetIds}. Default: a new VPC. */
    @Import(name = "existingVpcId")
    private Output<String> existingVpcId;

    /**
     * Private subnet ids in {@code existingVpcId}, spanning at least 2 availability zones.
     * Default: none (subnets are created).
     */
    @Import(name = "existingSubnetIds")
    private Output<List<String>> existingSubnetIds;

    /** IPv4 CIDR of the new VPC, /16 to /24. Default: {@code 10.0.0.0/16}. */
    @Import(name = "cidrBlock")
    private String cidrBlock;

    /** Number of availability zones (one private subnet each), 2 to 6. Default: 2. */
    @Import(name = "availabilityZoneCount")
    private Integer availabilityZoneCount;

    /**
     * Availability zone names to use, in order; its size overrides {@code availabilityZoneCount}.
     * Default: the first {@code availabilityZoneCount} zones of the region that need no opt-in.
     */
    @Import(name = "availabilityZones")
    private List<String> availabilityZones;

    /**
     * Instance types that must be offered in every zone the network picks (the workers'); ignored when
     * {@code availabilityZones} names the zones or the VPC exists. Default: none.
     */
    @Import(name = "requiredInstanceTypes")
    private List<String> requiredInstanceTypes;

    /** Prefix length of each subnet; must leave room for all subnets in the VPC. Default: VPC prefix + 4 (at most /28). */
    @Import(name = "subnetPrefixLength")
    private Integer subnetPrefixLength;

    /** Create public subnets (one per zone) with an internet gateway. Default: false. */
    @Import(name = "publicSubnets")
    private Boolean publicSubnets;

    /** Create one NAT gateway for outbound internet from private subnets; needs {@code publicSubnets}. Default: false. */
    @Import(name = "natGateway")
    private Boolean natGateway;

    /** Create the S3 gateway endpoint on the private route tables (free). Default: true. */
    @Import(name = "s3GatewayEndpoint")
    private Boolean s3GatewayEndpoint;

    /**
     * Interface endpoints (private DNS on) by service short name; allowed: states, secretsmanager, ssm,
     * ssmmessages, ec2messages, logs, kms, sts, monitoring, sqs, lambda, ec2.
     * Default: states, secretsmanager, ssm, ssmmessages, ec2messages.
     */
    @Import(name = "interfaceEndpoints")
    private List<String> interfaceEndpoints;

    /** Place interface endpoints in the first zone only (cheaper, not zone-redundant). Default: false. */
    @Import(name = "interfaceEndpointsInOneAz")
    private Boolean interfaceEndpointsInOneAz;

    /** Record VPC flow logs to a CloudWatch log group the component creates. Default: false. */
    @Import(name = "flowLogs")
    private Boolean flowLogs;

    /** Flow log traffic type: ALL, ACCEPT or REJECT. Default: ALL. */
    @Import(name = "flowLogTrafficType")
    private String flowLogTrafficType;

    /** Retention of the flow log group in days (a CloudWatch Logs retention value). Default: 90. */
    @Import(name = "flowLogRetentionDays")
    private Integer flowLogRetentionDays;

    /** Tags for every taggable child (plus {@code ingestpipeline:component}). Default: none. */
    @Import(name = "tags")
    private List<TagArgs> tags;

    private NetworkArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Output<String>> existingVpcId() {
        return Optional.ofNullable(existingVpcId);
    }

    public Optional<Output<List<String>>> existingSubnetIds() {
        return Optional.ofNullable(existingSubnetIds);
    }

    public Optional<String> cidrBlock() {
        return Optional.ofNullable(cidrBlock);
    }

    public Optional<Integer> availabilityZoneCount() {
        return Optional.ofNullable(availabilityZoneCount);
    }

    public Optional<List<String>> availabilityZones() {
        return Optional.ofNullable(availabilityZones);
    }

    public List<String> requiredInstanceTypes() {
        return requiredInstanceTypes == null ? List.of() : requiredInstanceTypes;
    }

    public Optional<Integer> subnetPrefixLength() {
        return Optional.ofNullable(subnetPrefixLength);
    }

    public Optional<Boolean> publicSubnets() {
        return Optional.ofNullable(publicSubnets);
    }

    public Optional<Boolean> natGateway() {
        return Optional.ofNullable(natGateway);
    }

    public Optional<Boolean> s3GatewayEndpoint() {
        return Optional.ofNullable(s3GatewayEndpoint);
    }

    public Optional<List<String>> interfaceEndpoints() {
        return Optional.ofNullable(interfaceEndpoints);
    }

    public Optional<Boolean> interfaceEndpointsInOneAz() {
        return Optional.ofNullable(interfaceEndpointsInOneAz);
    }

    public Optional<Boolean> flowLogs() {
        return Optional.ofNullable(flowLogs);
    }

    public Optional<String> flowLogTrafficType() {
        return Optional.ofNullable(flowLogTrafficType);
    }

    public Optional<Integer> flowLogRetentionDays() {
        return Optional.ofNullable(flowLogRetentionDays);
    }

    public List<TagArgs> tags() {
        return tags == null ? List.of() : tags;
    }

    /** Hand-written builder; unset fields stay null and mean "use the default". */
    public static final class Builder {
        private final NetworkArgs args = new NetworkArgs();

        public Builder existingVpcId(Output<String> value) {
            args.existingVpcId = value;
            return this;
        }

        public Builder existingVpcId(String value) {
            return existingVpcId(Output.of(value));
        }

        public Builder existingSubnetIds(Output<List<String>> value) {
            args.existingSubnetIds = value;
            return this;
        }

        public Builder existingSubnetIds(List<String> value) {
            return existingSubnetIds(Output.of(List.copyOf(value)));
        }

        public Builder cidrBlock(String value) {
            args.cidrBlock = value;
            return this;
        }

        public Builder availabilityZoneCount(Integer value) {
            args.availabilityZoneCount = value;
            return this;
        }

        public Builder availabilityZones(List<String> value) {
            args.availabilityZones = value == null ? null : List.copyOf(value);
            return this;
        }

        public Builder requiredInstanceTypes(List<String> value) {
            args.requiredInstanceTypes = value == null ? null : List.copyOf(value);
            return this;
        }

        public Builder subnetPrefixLength(Integer value) {
            args.subnetPrefixLength = value;
            return this;
        }

        public Builder publicSubnets(Boolean value) {
            args.publicSubnets = value;
            return this;
        }

        public Builder natGateway(Boolean value) {
            args.natGateway = value;
            return this;
        }

        public Builder s3GatewayEndpoint(Boolean value) {
            args.s3GatewayEndpoint = value;
            return this;
        }

        public Builder interfaceEndpoints(List<String> value) {
            args.interfaceEndpoints = value == null ? null : List.copyOf(value);
            return this;
        }

        public Builder interfaceEndpointsInOneAz(Boolean value) {
            args.interfaceEndpointsInOneAz = value;
            return this;
        }

        public Builder flowLogs(Boolean value) {
            args.flowLogs = value;
            return this;
        }

        public Builder flowLogTrafficType(String value) {
            args.flowLogTrafficType = value;
            return this;
        }

        public Builder flowLogRetentionDays(Integer value) {
            args.flowLogRetentionDays = value;
            return this;
        }

        public Builder tags(List<TagArgs> value) {
            args.tags = value == null ? null : List.copyOf(value);
            return this;
        }

        /** A copy, so later builder calls never change Args already handed to a component. */
        public NetworkArgs build() {
            NetworkArgs out = new NetworkArgs();
            out.existingVpcId = args.existingVpcId;
            out.existingSubnetIds = args.existingSubnetIds;
            out.cidrBlock = args.cidrBlock;
            out.availabilityZoneCount = args.availabilityZoneCount;
            out.availabilityZones = args.availabilityZones;
            out.requiredInstanceTypes = args.requiredInstanceTypes;
            out.subnetPrefixLength = args.subnetPrefixLength;
            out.publicSubnets = args.publicSubnets;
            out.natGateway = args.natGateway;
            out.s3GatewayEndpoint = args.s3GatewayEndpoint;
            out.interfaceEndpoints = args.interfaceEndpoints;
            out.interfaceEndpointsInOneAz = args.interfaceEndpointsInOneAz;
            out.flowLogs = args.flowLogs;
            out.flowLogTrafficType = args.flowLogTrafficType;
            out.flowLogRetentionDays = args.flowLogRetentionDays;
            out.tags = args.tags;
            return out;
        }
    }
}
