package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.LogRetention;
import com.ingestpipeline.components.internal.EndpointRules;
import com.ingestpipeline.components.internal.Cidrs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The network's secure, low-cost defaults in one place, and the validation of {@link NetworkArgs}:
 * every problem is collected and reported in one exception.
 */
final class NetworkDefaults {
    static final String CIDR_BLOCK = "10.0.0.0/16";
    static final int AZ_COUNT = 2;
    static final int MAX_AZ_COUNT = 6;
    /** Smallest subnet AWS allows is /28; a /24 VPC still fits several of those. */
    static final int MAX_SUBNET_PREFIX = 28;
    static final int MIN_VPC_PREFIX = 16;
    static final int MAX_VPC_PREFIX = 24;
    static final List<String> INTERFACE_ENDPOINTS = EndpointRules.DEFAULT;
    static final String FLOW_LOG_TRAFFIC_TYPE = "ALL";
    static final List<String> FLOW_LOG_TRAFFIC_TYPES = List.of("ALL", "ACCEPT", "REJECT");
    static final int FLOW_LOG_RETENTION_DAYS = 90;
    /** The values CloudWatch Logs accepts for retentionInDays. */

    private NetworkDefaults() {
    }

    /** Resolved settings for a new VPC (defaults with the caller's overrides applied). */
    record Settings(String cidrBlock, int azCount, List<String> availabilityZones, int subnetPrefix,
                    List<String> privateSubnetCidrs, List<String> publicSubnetCidrs, boolean natGateway,
                    boolean s3GatewayEndpoint, List<String> interfaceEndpoints, boolean interfaceEndpointsInOneAz,
                    boolean flowLogs, String flowLogTrafficType, int flowLogRetentionDays) {
        static Builder builder() {
            return new Builder();
        }

        boolean publicSubnets() {
            return !publicSubnetCidrs.isEmpty();
        }
    }

    /** Names every field, so two swapped settings of one type cannot compile into the wrong place. */
    static final class Builder {
        private String cidrBlock;
        private int azCount;
        private List<String> availabilityZones;
        private int subnetPrefix;
        private List<String> privateSubnetCidrs;
        private List<String> publicSubnetCidrs;
        private boolean natGateway;
        private boolean s3GatewayEndpoint;
        private List<String> interfaceEndpoints;
        private boolean interfaceEndpointsInOneAz;
        private boolean flowLogs;
        private String flowLogTrafficType;
        private int flowLogRetentionDays;

        Builder cidrBlock(String v) { cidrBlock = v; return this; }
        Builder azCount(int v) { azCount = v; return this; }
        Builder availabilityZones(List<String> v) { availabilityZones = v; return this; }
        Builder subnetPrefix(int v) { subnetPrefix = v; return this; }
        Builder privateSubnetCidrs(List<String> v) { privateSubnetCidrs = v; return this; }
        Builder publicSubnetCidrs(List<String> v) { publicSubnetCidrs = v; return this; }
        Builder natGateway(boolean v) { natGateway = v; return this; }
        Builder s3GatewayEndpoint(boolean v) { s3GatewayEndpoint = v; return this; }
        Builder interfaceEndpoints(List<String> v) { interfaceEndpoints = v; return this; }
        Builder interfaceEndpointsInOneAz(boolean v) { interfaceEndpointsInOneAz = v; return this; }
        Builder flowLogs(boolean v) { flowLogs = v; return this; }
        Builder flowLogTrafficType(String v) { flowLogTrafficType = v; return this; }
        Builder flowLogRetentionDays(int v) { flowLogRetentionDays = v; return this; }

        Settings build() {
            return new Settings(cidrBlock, azCount, availabilityZones, subnetPrefix, privateSubnetCidrs,
                publicSubnetCidrs, natGateway, s3GatewayEndpoint, interfaceEndpoints, interfaceEndpointsInOneAz,
                flowLogs, flowLogTrafficType, flowLogRetentionDays);
        }
    }

    /** Whether the args describe an existing VPC (validated: then both existing fields are set). */
    static boolean usesExisting(NetworkArgs args) {
        return args.existingVpcId().isPresent() || args.existingSubnetIds().isPresent();
    }

    /** Validates everything; returns the resolved settings for a new VPC, or null for an existing one. */
    static Settings resolve(NetworkArgs args) {
        if (args == null) {
            throw new IllegalArgumentException("NetworkArgs: args are required (use NetworkArgs.builder().build() for defaults)");
        }
        List<String> problems = new ArrayList<>();
        if (usesExisting(args)) {
            checkExisting(args, problems);
            fail(problems);
            return null;
        }
        Settings settings = resolveNew(args, problems);
        fail(problems);
        return settings;
    }

    private static void checkExisting(NetworkArgs args, List<String> problems) {
        if (args.existingVpcId().isEmpty()) {
            problems.add("existingSubnetIds needs existingVpcId");
        }
        if (args.existingSubnetIds().isEmpty()) {
            problems.add("existingVpcId needs existingSubnetIds (at least 2 private subnets in different zones)");
        }
        List<String> createSettings = new ArrayList<>();
        args.cidrBlock().ifPresent(v -> createSettings.add("cidrBlock"));
        args.availabilityZoneCount().ifPresent(v -> createSettings.add("availabilityZoneCount"));
        args.availabilityZones().ifPresent(v -> createSettings.add("availabilityZones"));
        args.subnetPrefixLength().ifPresent(v -> createSettings.add("subnetPrefixLength"));
        args.publicSubnets().ifPresent(v -> createSettings.add("publicSubnets"));
        args.natGateway().ifPresent(v -> createSettings.add("natGateway"));
        args.s3GatewayEndpoint().ifPresent(v -> createSettings.add("s3GatewayEndpoint"));
        args.interfaceEndpoints().ifPresent(v -> createSettings.add("interfaceEndpoints"));
        args.interfaceEndpointsInOneAz().ifPresent(v -> createSettings.add("interfaceEndpointsInOneAz"));
        args.flowLogs().ifPresent(v -> createSettings.add("flowLogs"));
        args.flowLogTrafficType().ifPresent(v -> createSettings.add("flowLogTrafficType"));
        args.flowLogRetentionDays().ifPresent(v -> createSettings.add("flowLogRetentionDays"));
        if (!createSettings.isEmpty()) {
            problems.add("existingVpcId/existingSubnetIds and the settings for a new VPC are mutually exclusive (remove "
                + String.join(", ", createSettings) + ")");
        }
    }

    private static Settings resolveNew(NetworkArgs args, List<String> problems) {
        String cidr = args.cidrBlock().orElse(CIDR_BLOCK);
        Cidrs.Block vpc = null;
        try {
            vpc = Cidrs.parse(cidr);
            if (vpc.prefix() < MIN_VPC_PREFIX || vpc.prefix() > MAX_VPC_PREFIX) {
                problems.add("cidrBlock must be a /" + MIN_VPC_PREFIX + " to /" + MAX_VPC_PREFIX + " block (got " + cidr + ")");
                vpc = null;
            }
        } catch (IllegalArgumentException e) {
            problems.add("cidrBlock: " + e.getMessage());
        }

        List<String> zones = args.availabilityZones().orElse(null);
        int azCount = args.availabilityZoneCount().orElse(zones != null ? zones.size() : AZ_COUNT);
        if (azCount < AZ_COUNT || azCount > MAX_AZ_COUNT) {
            problems.add("availabilityZoneCount must be " + AZ_COUNT + ".." + MAX_AZ_COUNT + " (got " + azCount + ")");
        }
        if (zones != null) {
            if (zones.size() < AZ_COUNT || zones.stream().anyMatch(z -> z == null || z.isBlank())
                || new HashSet<>(zones).size() != zones.size()) {
                problems.add("availabilityZones must name at least " + AZ_COUNT + " distinct zones (got " + zones + ")");
            } else if (args.availabilityZoneCount().isPresent() && azCount != zones.size()) {
                problems.add("availabilityZoneCount (" + azCount + ") disagrees with availabilityZones (" + zones.size()
                    + " zones); set one of them");
            }
        }

        boolean publicSubnets = args.publicSubnets().orElse(false);
        boolean nat = args.natGateway().orElse(false);
        if (nat && !publicSubnets) {
            problems.add("natGateway needs publicSubnets=true (a NAT gateway lives in a public subnet)");
        }

        int subnetCount = azCount * (publicSubnets ? 2 : 1);
        int subnetPrefix = args.subnetPrefixLength()
            .orElse(vpc == null ? MAX_SUBNET_PREFIX : Math.min(vpc.prefix() + 4, MAX_SUBNET_PREFIX));
        List<String> privateCidrs = List.of();
        List<String> publicCidrs = List.of();
        if (vpc != null) {
            if (subnetPrefix < vpc.prefix() || subnetPrefix > MAX_SUBNET_PREFIX) {
                problems.add("subnetPrefixLength must be " + vpc.prefix() + ".." + MAX_SUBNET_PREFIX + " for cidrBlock "
                    + cidr + " (got " + subnetPrefix + ")");
            } else if (Cidrs.capacity(vpc.prefix(), subnetPrefix) < subnetCount) {
                problems.add("cidrBlock " + cidr + " holds " + Cidrs.capacity(vpc.prefix(), subnetPrefix) + " subnets of /"
                    + subnetPrefix + " but " + subnetCount + " are needed; use a longer subnetPrefixLength or a larger cidrBlock");
            } else if (azCount >= AZ_COUNT && azCount <= MAX_AZ_COUNT) {
                privateCidrs = Cidrs.subnets(cidr, subnetPrefix, 0, azCount);
                // Public subnets go in the upper half of the VPC block, so adding them later never moves a private subnet.
                int half = (int) Math.min(Cidrs.capacity(vpc.prefix(), subnetPrefix) / 2, Integer.MAX_VALUE);
                int firstPublic = half >= azCount ? half : azCount;
                publicCidrs = publicSubnets ? Cidrs.subnets(cidr, subnetPrefix, firstPublic, azCount) : List.of();
            }
        }

        List<String> endpoints = args.interfaceEndpoints().orElse(INTERFACE_ENDPOINTS);
        EndpointRules.problems(endpoints).forEach(p -> problems.add("interfaceEndpoints: " + p));

        String trafficType = args.flowLogTrafficType().orElse(FLOW_LOG_TRAFFIC_TYPE);
        if (!FLOW_LOG_TRAFFIC_TYPES.contains(trafficType)) {
            problems.add("flowLogTrafficType must be one of " + FLOW_LOG_TRAFFIC_TYPES + " (got " + trafficType + ")");
        }
        int retention = args.flowLogRetentionDays().orElse(FLOW_LOG_RETENTION_DAYS);
        LogRetention.problem(retention).ifPresent(p -> problems.add("flowLogRetentionDays " + p));

        return Settings.builder()
            .cidrBlock(cidr)
            .azCount(azCount)
            .availabilityZones(zones)
            .subnetPrefix(subnetPrefix)
            .privateSubnetCidrs(privateCidrs)
            .publicSubnetCidrs(publicCidrs)
            .natGateway(nat)
            .s3GatewayEndpoint(args.s3GatewayEndpoint().orElse(true))
            .interfaceEndpoints(List.copyOf(endpoints))
            .interfaceEndpointsInOneAz(args.interfaceEndpointsInOneAz().orElse(false))
            .flowLogs(args.flowLogs().orElse(false))
            .flowLogTrafficType(trafficType)
            .flowLogRetentionDays(retention)
            .build();
    }

    /** Checks the looked-up subnets of an existing VPC: all in that VPC, at least two zones; returns the zones. */
    static List<String> checkedZones(String vpcId, List<com.pulumi.aws.ec2.outputs.GetSubnetResult> subnets) {
        List<String> problems = new ArrayList<>();
        LinkedHashSet<String> zones = new LinkedHashSet<>();
        for (com.pulumi.aws.ec2.outputs.GetSubnetResult s : subnets) {
            if (!vpcId.equals(s.vpcId())) {
                problems.add("existingSubnetIds: " + s.id() + " is in " + s.vpcId() + ", not in existingVpcId " + vpcId);
            }
            zones.add(s.availabilityZone());
        }
        if (zones.size() < AZ_COUNT) {
            problems.add("existingSubnetIds must span at least " + AZ_COUNT + " availability zones (got "
                + zones + ")");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("NetworkArgs: " + String.join("; ", problems));
        }
        return List.copyOf(zones);
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("NetworkArgs: " + String.join("; ", problems));
        }
    }
}
