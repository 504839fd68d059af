package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.AutoNames;
import com.ingestpipeline.components.internal.AwsLocation;
import com.ingestpipeline.components.internal.NetworkPlacement;
import com.ingestpipeline.components.internal.EndpointPolicies;
import com.ingestpipeline.components.internal.PolicyDocument;
import com.ingestpipeline.components.internal.Tags;
import com.ingestpipeline.components.internal.ZoneChoice;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.DefaultSecurityGroup;
import com.pulumi.aws.ec2.DefaultSecurityGroupArgs;
import com.pulumi.aws.ec2.Ec2Functions;
import com.pulumi.aws.ec2.Eip;
import com.pulumi.aws.ec2.EipArgs;
import com.pulumi.aws.ec2.FlowLog;
import com.pulumi.aws.ec2.FlowLogArgs;
import com.pulumi.aws.ec2.InternetGateway;
import com.pulumi.aws.ec2.InternetGatewayArgs;
import com.pulumi.aws.ec2.NatGateway;
import com.pulumi.aws.ec2.NatGatewayArgs;
import com.pulumi.aws.ec2.Route;
import com.pulumi.aws.ec2.RouteArgs;
import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.ec2.VpcEndpoint;
import com.pulumi.aws.ec2.VpcEndpointArgs;
import com.pulumi.aws.ec2.inputs.GetInstanceTypeOfferingsArgs;
import com.pulumi.aws.ec2.inputs.GetInstanceTypeOfferingsFilterArgs;
import com.pulumi.aws.ec2.inputs.GetVpcEndpointServiceArgs;
import com.pulumi.aws.ec2.inputs.GetSubnetArgs;
import com.pulumi.aws.ec2.inputs.GetVpcArgs;
import com.pulumi.aws.ec2.outputs.GetSubnetResult;
import com.pulumi.aws.ec2.outputs.GetVpcResult;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.inputs.GetAvailabilityZonesArgs;
import com.pulumi.aws.inputs.GetAvailabilityZonesFilterArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A private VPC for the pipeline (stands in for awsx, which is not served here): private subnets in at least
 * two zones, no NAT and no public subnets unless asked, an S3 gateway endpoint and interface endpoints for the
 * AWS APIs the functions and the worker call, a default security group with no rules, optional flow logs.
 * Or an existing VPC and subnets, whose CIDR and zones are looked up.
 */
public final class Network extends ComponentResource {
    public static final String TYPE = "ingestpipeline:index:Network";

    @Export(name = "vpcId", refs = {String.class})
    public final Output<String> vpcId;

    @Export(name = "vpcCidr", refs = {String.class})
    public final Output<String> vpcCidr;

    @Export(name = "privateSubnetIds", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> privateSubnetIds;

    @Export(name = "publicSubnetIds", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> publicSubnetIds;

    @Export(name = "privateRouteTableIds", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> privateRouteTableIds;

    @Export(name = "availabilityZones", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> availabilityZones;

    /** The security group on the interface endpoints (443 from the VPC CIDR); null for an existing VPC or no endpoints. */
    @Export(name = "endpointSecurityGroupId", refs = {String.class})
    public final Output<String> endpointSecurityGroupId;

    /**
     * The region's S3 managed prefix list, for security group egress to S3: from the gateway endpoint when one is
     * created, looked up for an existing VPC, null when the endpoint is turned off.
     */
    @Export(name = "s3PrefixListId", refs = {String.class})
    public final Output<String> s3PrefixListId;

    /**
     * Ids of the interface endpoints this network created (empty for an existing VPC): a client that calls an AWS
     * API as soon as it exists (the migrations) waits for them by taking this as an input.
     */
    @Export(name = "interfaceEndpointIds", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> interfaceEndpointIds;
    /** The S3 gateway endpoint, for its data-perimeter policy ({@link BucketPerimeter}); null without one. */
    @Export(name = "s3EndpointId", refs = {String.class})
    public final Output<String> s3EndpointId;

    // No @Export: wiring for Java programs (placement()), not an output of the multi-language component.
    private final NetworkPlacementArgs placement;

    public Network(String name, NetworkArgs args, ComponentResourceOptions opts) {
        // Validated before super(): bad args fail before anything, even the component itself, is registered.
        super(TYPE, name, validated(name, args), opts);
        NetworkDefaults.Settings settings = NetworkDefaults.resolve(args);
        if (settings == null) {
            Existing existing = lookUpExisting(args);
            this.vpcId = existing.vpcId;
            this.vpcCidr = existing.vpcCidr;
            this.privateSubnetIds = existing.subnetIds;
            this.publicSubnetIds = Output.of(List.of());
            this.privateRouteTableIds = Output.of(List.of());
            this.availabilityZones = existing.zones;
            this.endpointSecurityGroupId = Output.ofNullable(null);
            this.s3PrefixListId = existing.s3PrefixListId;
            this.interfaceEndpointIds = Output.of(List.of());
            this.s3EndpointId = Output.ofNullable(null);
        } else {
            Created created = create(name, settings, args.requiredInstanceTypes(), Tags.of(name, args.tags()));
            this.vpcId = created.vpc.id();
            this.vpcCidr = created.vpc.cidrBlock();
            this.privateSubnetIds = ids(created.privateSubnets);
            this.publicSubnetIds = ids(created.publicSubnets);
            this.privateRouteTableIds = ids(created.privateRouteTables);
            this.availabilityZones = created.zones;
            this.endpointSecurityGroupId = created.endpointSecurityGroup == null
                ? Output.ofNullable(null) : created.endpointSecurityGroup.id();
            this.s3PrefixListId = created.s3Endpoint == null ? Output.ofNullable(null) : created.s3Endpoint.prefixListId();
            this.interfaceEndpointIds = ids(created.interfaceEndpoints);
            this.s3EndpointId = created.s3Endpoint == null ? Output.ofNullable(null) : created.s3Endpoint.id();
        }
        var placement = NetworkPlacementArgs.builder().vpcId(vpcId).subnetIds(privateSubnetIds).vpcCidr(vpcCidr);
        if (settings == null || settings.s3GatewayEndpoint()) {
            // Without the gateway endpoint the output is null; left unset, a client looks the prefix list up.
            placement.s3PrefixListId(s3PrefixListId);
        }
        this.placement = placement.build();
        registerOutputs(Map.of(
            "vpcId", vpcId,
            "vpcCidr", vpcCidr,
            "privateSubnetIds", privateSubnetIds,
            "publicSubnetIds", publicSubnetIds,
            "privateRouteTableIds", privateRouteTableIds,
            "availabilityZones", availabilityZones,
            "endpointSecurityGroupId", endpointSecurityGroupId,
            "s3PrefixListId", s3PrefixListId,
            "interfaceEndpointIds", interfaceEndpointIds,
            "s3EndpointId", s3EndpointId));
    }

    /**
     * This network as a component's {@code network} input: the VPC, its private subnets, its CIDR and (when known)
     * the S3 prefix list.
     */
    public NetworkPlacementArgs placement() {
        return placement;
    }

    private static NetworkArgs validated(String name, NetworkArgs args) {
        NetworkDefaults.Settings s = NetworkDefaults.resolve(args);
        if (s != null && s.flowLogs()) {
            AutoNames.check("Network", name, AutoNames.tooLong(List.of(
                new AutoNames.Child("flow logs role", name + "-flow-logs-role", AutoNames.ROLE))));
        }
        return args;
    }

    private record Existing(Output<String> vpcId, Output<String> vpcCidr, Output<List<String>> subnetIds,
                            Output<List<String>> zones, Output<String> s3PrefixListId) {
    }

    private record Created(Vpc vpc, List<Subnet> privateSubnets, List<Subnet> publicSubnets,
                           List<RouteTable> privateRouteTables, Output<List<String>> zones,
                           SecurityGroup endpointSecurityGroup, VpcEndpoint s3Endpoint,
                           List<VpcEndpoint> interfaceEndpoints) {
    }

    private static Existing lookUpExisting(NetworkArgs args) {
        Output<String> vpcId = args.existingVpcId().orElseThrow();
        Output<List<String>> subnetIds = args.existingSubnetIds().orElseThrow();
        Output<String> cidr = vpcId.apply(id -> Ec2Functions.getVpc(GetVpcArgs.builder().id(id).build()))
            .applyValue(GetVpcResult::cidrBlock);
        Output<List<GetSubnetResult>> subnets = subnetIds.apply(ids -> Output.all(ids.stream()
            .map(id -> Ec2Functions.getSubnet(GetSubnetArgs.builder().id(id).build()))
            .toList()));
        // Checked when the lookups answer: a subnet from another VPC or a single zone would only fail much later,
        // when RDS or Lambda refuse the subnet set.
        Output<List<String>> zones = Output.tuple(vpcId, subnets).applyValue(t -> NetworkDefaults.checkedZones(t.t1, t.t2));
        Output<List<String>> checkedIds = Output.tuple(subnetIds, zones).applyValue(t -> t.t1);
        // The region's S3 prefix list exists whether or not the VPC has a gateway endpoint; callers need it for
        // security group egress to S3, so an existing VPC gets it too.
        Output<String> s3PrefixList = NetworkPlacement.s3PrefixListId(AwsLocation.lookUp(InvokeOptions.Empty),
            InvokeOptions.Empty);
        return new Existing(vpcId, cidr, checkedIds, zones, s3PrefixList);
    }

    private Created create(String name, NetworkDefaults.Settings s, List<String> requiredInstanceTypes,
                           Map<String, String> tags) {
        var vpc = new Vpc(name + "-vpc", VpcArgs.builder()
            .cidrBlock(s.cidrBlock())
            // Both are required for interface endpoints' private DNS names to resolve inside the VPC.
            .enableDnsSupport(true)
            .enableDnsHostnames(true)
            .tags(Tags.named(tags, name))
            .build(), child());

        // FSBP EC2.2: the default security group must allow nothing; declaring it without rules strips AWS's defaults.
        new DefaultSecurityGroup(name + "-default-sg", DefaultSecurityGroupArgs.builder()
            .vpcId(vpc.id())
            .ingress(List.of())
            .egress(List.of())
            .tags(Tags.named(tags, name + "-default"))
            .build(), child());

        Output<AwsLocation> location = AwsLocation.lookUp(InvokeOptions.Empty);
        Output<List<String>> zones = zones(s, requiredInstanceTypes, location);
        List<Subnet> privateSubnets = new ArrayList<>();
        List<RouteTable> privateRouteTables = new ArrayList<>();
        for (int i = 0; i < s.azCount(); i++) {
            final int index = i;
            var subnet = new Subnet(name + "-private-" + i, SubnetArgs.builder()
                .vpcId(vpc.id())
                .cidrBlock(s.privateSubnetCidrs().get(i))
                .availabilityZone(zones.applyValue(z -> z.get(index)))
                .mapPublicIpOnLaunch(false)
                .tags(Tags.named(tags, name + "-private-" + i))
                .build(), child());
            // One route table per zone, so a NAT gateway per zone can be added later without moving subnets.
            var table = new RouteTable(name + "-private-rt-" + i, RouteTableArgs.builder()
                .vpcId(vpc.id())
                .tags(Tags.named(tags, name + "-private-" + i))
                .build(), child());
            new RouteTableAssociation(name + "-private-rta-" + i, RouteTableAssociationArgs.builder()
                .subnetId(subnet.id())
                .routeTableId(table.id())
                .build(), child());
            privateSubnets.add(subnet);
            privateRouteTables.add(table);
        }

        List<Subnet> publicSubnets = s.publicSubnets()
            ? createPublic(name, s, vpc, zones, privateRouteTables, tags) : List.of();

        VpcEndpoint s3 = null;
        if (s.s3GatewayEndpoint()) {
            s3 = new VpcEndpoint(name + "-s3", VpcEndpointArgs.builder()
                .vpcId(vpc.id())
                .serviceName(location.applyValue(at -> at.endpointServiceName("s3")))
                .vpcEndpointType("Gateway")
                .routeTableIds(ids(privateRouteTables))
                .tags(Tags.named(tags, name + "-s3"))
                .build(), child());
        }

        SecurityGroup endpointSg = null;
        List<VpcEndpoint> interfaceEndpoints = new ArrayList<>();
        if (!s.interfaceEndpoints().isEmpty()) {
            endpointSg = new SecurityGroup(name + "-endpoints-sg", SecurityGroupArgs.builder()
                .vpcId(vpc.id())
                .description("Interface endpoints of " + name + ": HTTPS from inside the VPC only")
                .tags(Tags.named(tags, name + "-endpoints"))
                .build(), child());
            new SecurityGroupIngressRule(name + "-endpoints-https", SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(endpointSg.id())
                .description("HTTPS from the VPC")
                .ipProtocol("tcp")
                .fromPort(443)
                .toPort(443)
                .cidrIpv4(vpc.cidrBlock())
                .tags(tags)
                .build(), child());
            Output<List<String>> endpointSubnets = s.interfaceEndpointsInOneAz()
                ? privateSubnets.get(0).id().applyValue(List::of) : ids(privateSubnets);
            Output<String> account = AwsLocation.account(InvokeOptions.Empty);
            for (String service : s.interfaceEndpoints()) {
                interfaceEndpoints.add(new VpcEndpoint(name + "-" + service, VpcEndpointArgs.builder()
                    .vpcId(vpc.id())
                    .policy(account.applyValue(a -> EndpointPolicies.interfaceEndpoint(service, a)))
                    .serviceName(location.applyValue(at -> at.endpointServiceName(service)))
                    .vpcEndpointType("Interface")
                    .privateDnsEnabled(true)
                    .subnetIds(endpointSubnets)
                    .securityGroupIds(endpointSg.id().applyValue(List::of))
                    .tags(Tags.named(tags, name + "-" + service))
                    .build(), child()));
            }
        }

        if (s.flowLogs()) {
            createFlowLogs(name, s, vpc, tags);
        }
        return new Created(vpc, privateSubnets, publicSubnets, privateRouteTables, zones, endpointSg, s3,
            interfaceEndpoints);
    }

    private List<Subnet> createPublic(String name, NetworkDefaults.Settings s, Vpc vpc, Output<List<String>> zones,
                                      List<RouteTable> privateRouteTables, Map<String, String> tags) {
        var igw = new InternetGateway(name + "-igw", InternetGatewayArgs.builder()
            .vpcId(vpc.id())
            .tags(Tags.named(tags, name))
            .build(), child());
        var table = new RouteTable(name + "-public-rt", RouteTableArgs.builder()
            .vpcId(vpc.id())
            .tags(Tags.named(tags, name + "-public"))
            .build(), child());
        new Route(name + "-public-default", RouteArgs.builder()
            .routeTableId(table.id())
            .destinationCidrBlock("0.0.0.0/0")
            .gatewayId(igw.id())
            .build(), child());
        List<Subnet> subnets = new ArrayList<>();
        for (int i = 0; i < s.azCount(); i++) {
            final int index = i;
            var subnet = new Subnet(name + "-public-" + i, SubnetArgs.builder()
                .vpcId(vpc.id())
                .cidrBlock(s.publicSubnetCidrs().get(i))
                .availabilityZone(zones.applyValue(z -> z.get(index)))
                // FSBP EC2.15: even public subnets do not hand out public IPs; whatever needs one asks for it.
                .mapPublicIpOnLaunch(false)
                .tags(Tags.named(tags, name + "-public-" + i))
                .build(), child());
            new RouteTableAssociation(name + "-public-rta-" + i, RouteTableAssociationArgs.builder()
                .subnetId(subnet.id())
                .routeTableId(table.id())
                .build(), child());
            subnets.add(subnet);
        }
        if (s.natGateway()) {
            var eip = new Eip(name + "-nat-eip", EipArgs.builder()
                .domain("vpc")
                .tags(Tags.named(tags, name + "-nat"))
                .build(), child());
            var nat = new NatGateway(name + "-nat", NatGatewayArgs.builder()
                .subnetId(subnets.get(0).id())
                .allocationId(eip.id())
                .tags(Tags.named(tags, name + "-nat"))
                .build(), child());
            for (int i = 0; i < privateRouteTables.size(); i++) {
                new Route(name + "-private-nat-" + i, RouteArgs.builder()
                    .routeTableId(privateRouteTables.get(i).id())
                    .destinationCidrBlock("0.0.0.0/0")
                    .natGatewayId(nat.id())
                    .build(), child());
            }
        }
        return subnets;
    }

    private void createFlowLogs(String name, NetworkDefaults.Settings s, Vpc vpc, Map<String, String> tags) {
        var logGroup = new LogGroup(name + "-flow-logs", LogGroupArgs.builder()
            .name("/ingestpipeline/vpc-flow-logs/" + name)
            .retentionInDays(s.flowLogRetentionDays())
            .tags(tags)
            .build(), child());
        Output<String> trust = Output.tuple(AwsLocation.account(InvokeOptions.Empty), AwsLocation.lookUp(InvokeOptions.Empty))
            .applyValue(t -> PolicyDocument.toJson(List.of(
                // Only flow logs of this account may use the role.
                PolicyDocument.serviceTrust("vpc-flow-logs.amazonaws.com", t.t1)
                    .when("ArnLike", "aws:SourceArn", t.t2.arn("ec2", t.t1, "vpc-flow-log/*")))));
        var role = new Role(name + "-flow-logs-role", RoleArgs.builder()
            .assumeRolePolicy(trust)
            .description("Lets VPC flow logs of " + name + " write to its own log group")
            .tags(tags)
            .build(), child());
        var policy = new RolePolicy(name + "-flow-logs-policy", RolePolicyArgs.builder()
            .role(role.id())
            .policy(logGroup.arn().applyValue(arn -> PolicyDocument.toJson(List.of(PolicyDocument.allow(
                "WriteOwnLogGroup",
                List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
                // The provider's log group ARN has no ":*"; CloudWatch Logs authorises stream and DescribeLogStreams
                // calls against "<group>:*"-style ARNs, which "<group>:log-stream:*" does not cover for the latter.
                List.of(arn, arn + ":*"))))))
            .build(), child());
        new FlowLog(name + "-flow-log", FlowLogArgs.builder()
            .vpcId(vpc.id())
            .trafficType(s.flowLogTrafficType())
            .logDestinationType("cloud-watch-logs")
            .logDestination(logGroup.arn())
            .iamRoleArn(role.arn())
            .maxAggregationInterval(60)
            .tags(Tags.named(tags, name))
            .build(),
            // CreateFlowLogs only checks that the role can be passed; a flow log that starts delivering before the
            // role may write reports an access error (DeliverLogsErrorMessage) instead of logs.
            CustomResourceOptions.builder().parent(this).dependsOn(policy).build());
    }

    private Output<List<String>> zones(NetworkDefaults.Settings s, List<String> instanceTypes, Output<AwsLocation> location) {
        if (s.availabilityZones() != null) {
            return Output.of(s.availabilityZones());
        }
        int wanted = s.azCount();
        Output<List<String>> regionZones = AwsFunctions.getAvailabilityZones(GetAvailabilityZonesArgs.builder()
                .state("available")
                // Local and Wavelength zones need opt-in and lack most services (RDS, interface endpoints).
                .filters(GetAvailabilityZonesFilterArgs.builder()
                    .name("opt-in-status").values("opt-in-not-required").build())
                .build())
            .applyValue(r -> List.copyOf(r.names()));
        // Offerings by zone name: names are per account, and so is this answer (locationType availability-zone).
        Output<Map<String, Set<String>>> offered = instanceTypes.isEmpty() ? Output.of(Map.of())
            : Ec2Functions.getInstanceTypeOfferings(GetInstanceTypeOfferingsArgs.builder()
                .locationType("availability-zone")
                .filters(GetInstanceTypeOfferingsFilterArgs.builder().name("instance-type").values(instanceTypes).build())
                .build())
            .applyValue(r -> {
                Map<String, Set<String>> byZone = new HashMap<>();
                for (int i = 0; i < r.locations().size(); i++) {
                    byZone.computeIfAbsent(r.locations().get(i), z -> new HashSet<>()).add(r.instanceTypes().get(i));
                }
                return byZone;
            });
        List<Output<Map.Entry<String, List<String>>>> services = s.interfaceEndpoints().stream()
            .map(service -> location.apply(at -> Ec2Functions.getVpcEndpointService(GetVpcEndpointServiceArgs.builder()
                    .serviceName(at.endpointServiceName(service)).serviceType("Interface").build()))
                .applyValue(r -> Map.entry(service, List.copyOf(r.availabilityZones()))))
            .toList();
        return Output.tuple(regionZones, offered, Output.all(services)).applyValue(t -> ZoneChoice.choose(t.t1, wanted,
            instanceTypes, t.t2, t.t3.stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new))));
    }

    private CustomResourceOptions child() {
        return CustomResourceOptions.builder().parent(this).build();
    }

    private static <R extends com.pulumi.resources.CustomResource> Output<List<String>> ids(List<R> resources) {
        return Output.all(resources.stream().map(com.pulumi.resources.CustomResource::id).toList());
    }
}
