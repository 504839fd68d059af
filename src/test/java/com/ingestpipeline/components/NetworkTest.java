package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.core.internal.Internal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkTest {
    private static final String VPC = "aws:ec2/vpc:Vpc";
    private static final String SUBNET = "aws:ec2/subnet:Subnet";
    private static final String ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
    private static final String ROUTE = "aws:ec2/route:Route";
    private static final String ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    private static final String SG = "aws:ec2/securityGroup:SecurityGroup";
    private static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    private static final String EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    private final ObjectMapper json = new ObjectMapper();

    private static MockRun.Outcome run(NetworkArgs args) {
        return MockRun.run(ctx -> {
            var net = new Network("net", args, null);
            ctx.export("vpcId", net.vpcId);
            ctx.export("vpcCidr", net.vpcCidr);
            ctx.export("privateSubnetIds", net.privateSubnetIds);
            ctx.export("publicSubnetIds", net.publicSubnetIds);
            ctx.export("availabilityZones", net.availabilityZones);
            ctx.export("endpointSecurityGroupId", net.endpointSecurityGroupId);
            ctx.export("s3PrefixListId", net.s3PrefixListId);
        });
    }

    private static Object output(MockRun.Outcome outcome, String name) {
        // TestResult.output(name) cannot carry a null value; read the output's data directly.
        return Internal.of(outcome.result().outputs().get(name)).getDataAsync().join().getValueNullable();
    }

    @Test
    void defaultsArePrivateSubnetsInTwoZonesWithEndpointsAndNoInternetPath() {
        var outcome = run(NetworkArgs.builder().tags(List.of(TagArgs.of("team", "data"))).build());
        RecordingMocks m = outcome.mocks();

        Registered vpc = m.single(VPC);
        assertThat(vpc.input("cidrBlock")).isEqualTo("10.0.0.0/16");
        assertThat(vpc.input("enableDnsSupport")).isEqualTo(true);
        assertThat(vpc.input("enableDnsHostnames")).isEqualTo(true);
        assertThat(vpc.input("tags")).isEqualTo(Map.of("team", "data", "ingestpipeline:component", "net", "Name", "net"));

        Registered defaultSg = m.single("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        assertThat(defaultSg.input("vpcId")).isEqualTo(vpc.id());
        assertThat(defaultSg.input("ingress")).isEqualTo(List.of());
        assertThat(defaultSg.input("egress")).isEqualTo(List.of());

        List<Registered> subnets = byName(m.ofType(SUBNET));
        assertThat(subnets).extracting(Registered::name).containsExactly("net-private-0", "net-private-1");
        assertThat(subnets).extracting(s -> s.input("cidrBlock")).containsExactly("10.0.0.0/20", "10.0.16.0/20");
        assertThat(subnets).extracting(s -> s.input("availabilityZone")).containsExactly("us-east-1a", "us-east-1b");
        assertThat(subnets).allSatisfy(s -> assertThat(s.input("mapPublicIpOnLaunch")).isEqualTo(false));
        assertThat(m.ofType(ROUTE_TABLE)).hasSize(2);
        assertThat(byName(m.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation")))
            .extracting(a -> a.input("subnetId")).containsExactly(subnets.get(0).id(), subnets.get(1).id());

        // No path to or from the internet, and nothing that costs by the hour besides the interface endpoints.
        assertThat(m.ofType(ROUTE)).isEmpty();
        assertThat(m.ofType("aws:ec2/internetGateway:InternetGateway")).isEmpty();
        assertThat(m.ofType("aws:ec2/natGateway:NatGateway")).isEmpty();
        assertThat(m.ofType("aws:ec2/eip:Eip")).isEmpty();
        assertThat(m.ofType("aws:ec2/flowLog:FlowLog")).isEmpty();

        Registered s3 = m.single(ENDPOINT, n -> n.equals("net-s3"));
        assertThat(s3.input("serviceName")).isEqualTo("com.amazonaws.us-east-1.s3");
        assertThat(s3.input("vpcEndpointType")).isEqualTo("Gateway");
        assertThat(s3.input("routeTableIds")).isEqualTo(byName(m.ofType(ROUTE_TABLE)).stream().map(Registered::id).toList());

        Registered endpointSg = m.single(SG);
        List<Registered> interfaces = m.ofType(ENDPOINT).stream().filter(e -> !e.name().equals("net-s3")).toList();
        assertThat(interfaces).extracting(e -> e.input("serviceName")).containsExactlyInAnyOrder(
            "com.amazonaws.us-east-1.states", "com.amazonaws.us-east-1.secretsmanager", "com.amazonaws.us-east-1.ssm",
            "com.amazonaws.us-east-1.ssmmessages", "com.amazonaws.us-east-1.ec2messages");
        assertThat(interfaces).allSatisfy(e -> {
            assertThat(e.input("vpcEndpointType")).isEqualTo("Interface");
            assertThat(e.input("privateDnsEnabled")).isEqualTo(true);
            assertThat(e.input("subnetIds")).isEqualTo(List.of(subnets.get(0).id(), subnets.get(1).id()));
            assertThat(e.input("securityGroupIds")).isEqualTo(List.of(endpointSg.id()));
        });
        Registered https = m.single(INGRESS);
        assertThat(https.input("securityGroupId")).isEqualTo(endpointSg.id());
        assertThat(https.input("ipProtocol")).isEqualTo("tcp");
        assertThat(https.input("fromPort")).isEqualTo(443.0);
        assertThat(https.input("toPort")).isEqualTo(443.0);
        assertThat(https.input("cidrIpv4")).isEqualTo("10.0.0.0/16");
        assertThat(m.ofType(EGRESS)).isEmpty();
        assertThat(endpointSg.input("ingress")).isNull();
        assertThat(endpointSg.input("egress")).isNull();

        assertThat(output(outcome, "vpcId")).isEqualTo(vpc.id());
        assertThat(output(outcome, "vpcCidr")).isEqualTo("10.0.0.0/16");
        assertThat(output(outcome, "privateSubnetIds")).isEqualTo(List.of(subnets.get(0).id(), subnets.get(1).id()));
        assertThat(output(outcome, "publicSubnetIds")).isEqualTo(List.of());
        assertThat(output(outcome, "availabilityZones")).isEqualTo(List.of("us-east-1a", "us-east-1b"));
        assertThat(output(outcome, "endpointSecurityGroupId")).isEqualTo(endpointSg.id());
        assertThat((String) output(outcome, "s3PrefixListId")).startsWith("pl-");
        assertThat(m.resources()).filteredOn(r -> r.type().startsWith("aws:"))
            .filteredOn(r -> r.inputs().containsKey("tags"))
            .allSatisfy(r -> assertThat(((Map<?, ?>) r.input("tags")).get("ingestpipeline:component")).isEqualTo("net"));
    }

    @Test
    void overridesAddPublicSubnetsNatOneZoneEndpointsAndFlowLogs() throws Exception {
        var outcome = run(NetworkArgs.builder()
            .cidrBlock("10.20.0.0/20").availabilityZoneCount(3).subnetPrefixLength(24)
            .publicSubnets(true).natGateway(true).s3GatewayEndpoint(false)
            .interfaceEndpoints(List.of("states", "logs")).interfaceEndpointsInOneAz(true)
            .flowLogs(true).flowLogTrafficType("REJECT").flowLogRetentionDays(30)
            .build());
        RecordingMocks m = outcome.mocks();

        List<Registered> subnets = byName(m.ofType(SUBNET));
        assertThat(subnets).extracting(Registered::name).containsExactly("net-private-0", "net-private-1",
            "net-private-2", "net-public-0", "net-public-1", "net-public-2");
        // Public subnets start in the upper half of the block, so private ones never move when they are added.
        assertThat(subnets).extracting(s -> s.input("cidrBlock")).containsExactly("10.20.0.0/24", "10.20.1.0/24",
            "10.20.2.0/24", "10.20.8.0/24", "10.20.9.0/24", "10.20.10.0/24");
        assertThat(subnets).extracting(s -> s.input("availabilityZone")).containsExactly("us-east-1a", "us-east-1b",
            "us-east-1c", "us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(subnets).allSatisfy(s -> assertThat(s.input("mapPublicIpOnLaunch")).isEqualTo(false));

        Registered igw = m.single("aws:ec2/internetGateway:InternetGateway");
        Registered publicRt = m.single(ROUTE_TABLE, n -> n.equals("net-public-rt"));
        Registered publicRoute = m.single(ROUTE, n -> n.equals("net-public-default"));
        assertThat(publicRoute.input("routeTableId")).isEqualTo(publicRt.id());
        assertThat(publicRoute.input("gatewayId")).isEqualTo(igw.id());
        Registered nat = m.single("aws:ec2/natGateway:NatGateway");
        assertThat(nat.input("subnetId")).isEqualTo(subnets.get(3).id());
        assertThat(nat.input("allocationId")).isEqualTo(m.single("aws:ec2/eip:Eip").id());
        assertThat(m.single("aws:ec2/eip:Eip").input("domain")).isEqualTo("vpc");
        List<Registered> natRoutes = m.ofType(ROUTE).stream().filter(r -> r.name().startsWith("net-private-nat-")).toList();
        assertThat(natRoutes).hasSize(3).allSatisfy(r -> {
            assertThat(r.input("natGatewayId")).isEqualTo(nat.id());
            assertThat(r.input("destinationCidrBlock")).isEqualTo("0.0.0.0/0");
        });

        assertThat(m.ofType(ENDPOINT)).extracting(Registered::name).containsExactlyInAnyOrder("net-states", "net-logs");
        assertThat(m.ofType(ENDPOINT)).allSatisfy(e -> assertThat(e.input("subnetIds")).isEqualTo(List.of(subnets.get(0).id())));
        assertThat(output(outcome, "s3PrefixListId")).isNull();
        assertThat(m.single(INGRESS).input("cidrIpv4")).isEqualTo("10.20.0.0/20");

        Registered logGroup = m.single("aws:cloudwatch/logGroup:LogGroup");
        assertThat(logGroup.input("retentionInDays")).isEqualTo(30.0);
        Registered flowLog = m.single("aws:ec2/flowLog:FlowLog");
        assertThat(flowLog.input("trafficType")).isEqualTo("REJECT");
        assertThat(flowLog.input("logDestinationType")).isEqualTo("cloud-watch-logs");
        String logGroupArn = "arn:aws:logs:us-east-1:123456789012:log-group:/ingestpipeline/vpc-flow-logs/net";
        assertThat(flowLog.input("logDestination")).isEqualTo(logGroupArn);
        Registered role = m.single("aws:iam/role:Role");
        assertThat(flowLog.input("iamRoleArn")).isEqualTo("arn:aws:iam::123456789012:role/" + role.id());

        JsonNode trust = json.readTree((String) role.input("assumeRolePolicy")).get("Statement");
        assertThat(trust).hasSize(1);
        assertThat(trust.get(0).at("/Principal/Service").asText()).isEqualTo("vpc-flow-logs.amazonaws.com");
        assertThat(trust.get(0).at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo("123456789012");
        assertThat(trust.get(0).at("/Condition/ArnLike/aws:SourceArn").asText())
            .isEqualTo("arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*");
        JsonNode policy = json.readTree((String) m.single("aws:iam/rolePolicy:RolePolicy").input("policy")).get("Statement");
        assertThat(policy).hasSize(1);
        assertThat(policy.get(0).get("Action")).extracting(JsonNode::asText)
            .containsExactly("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams");
        assertThat(policy.get(0).get("Resource")).extracting(JsonNode::asText)
            .containsExactly(logGroupArn, logGroupArn + ":*");
    }

    @Test
    void explicitZonesSkipTheZoneLookup() {
        var outcome = run(NetworkArgs.builder().availabilityZones(List.of("us-east-1c", "us-east-1a")).build());
        assertThat(outcome.mocks().invokes()).doesNotContain("aws:index/getAvailabilityZones:getAvailabilityZones");
        assertThat(byName(outcome.mocks().ofType(SUBNET))).extracting(s -> s.input("availabilityZone"))
            .containsExactly("us-east-1c", "us-east-1a");
    }

    @Test
    void anExistingVpcIsLookedUpAndNothingIsCreated() {
        List<String> subnetIds = twoSubnetsInDifferentZones();
        var outcome = run(NetworkArgs.builder().existingVpcId("vpc-0byo0000000000001").existingSubnetIds(subnetIds).build());
        assertThat(outcome.mocks().resources()).allSatisfy(r -> assertThat(r.type()).doesNotStartWith("aws:"));
        assertThat(output(outcome, "vpcId")).isEqualTo("vpc-0byo0000000000001");
        assertThat(output(outcome, "vpcCidr")).isEqualTo("10.99.0.0/16");
        assertThat(output(outcome, "privateSubnetIds")).isEqualTo(subnetIds);
        assertThat((List<?>) output(outcome, "availabilityZones")).hasSize(2);
        assertThat(output(outcome, "endpointSecurityGroupId")).isNull();
        // No gateway endpoint to read it from: the region's S3 prefix list is looked up instead.
        assertThat(outcome.mocks().invokes()).contains("aws:ec2/getPrefixList:getPrefixList");
        assertThat((String) output(outcome, "s3PrefixListId")).startsWith("pl-");
    }

    @Test
    void existingSubnetsOutsideTheVpcOrInOneZoneAreRefused() {
        List<String> subnetIds = twoSubnetsInDifferentZones();
        var outcome = MockRun.runAllowingErrors(ctx -> ctx.export("ids", new Network("net", NetworkArgs.builder()
            .existingVpcId("vpc-0other").existingSubnetIds(List.of(subnetIds.get(0))).build(), null).privateSubnetIds));
        assertThat(outcome.result().errors().toString() + outcome.result().exceptions())
            .contains("existingSubnetIds: " + subnetIds.get(0) + " is in vpc-0byo0000000000001, not in existingVpcId vpc-0other")
            .contains("existingSubnetIds must span at least 2 availability zones");
    }

    @Test
    void bothExistingAndCreateSettingsIsAClearError() {
        assertThatThrownBy(() -> new Network("net", NetworkArgs.builder().existingVpcId("vpc-1")
            .cidrBlock("10.1.0.0/16").natGateway(false).build(), null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("NetworkArgs: existingVpcId needs existingSubnetIds (at least 2 private subnets in different zones); "
                + "existingVpcId/existingSubnetIds and the settings for a new VPC are mutually exclusive (remove cidrBlock, natGateway)");
    }

    @Test
    void everyBadSettingIsNamedInOneError() {
        assertThatThrownBy(() -> new Network("net", NetworkArgs.builder()
            .cidrBlock("10.0.0.1/16").availabilityZoneCount(1).natGateway(true)
            .interfaceEndpoints(List.of("states", "dynamodb", "states"))
            .flowLogTrafficType("SOME").flowLogRetentionDays(10).build(), null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("NetworkArgs: cidrBlock: '10.0.0.1/16' has host bits set; the network address is 10.0.0.0/16; "
                + "availabilityZoneCount must be 2..6 (got 1); "
                + "natGateway needs publicSubnets=true (a NAT gateway lives in a public subnet); "
                + "interfaceEndpoints: 'dynamodb' is not one of " + com.ingestpipeline.components.internal.EndpointRules.ALLOWED + "; "
                + "interfaceEndpoints: 'states' is listed twice; "
                + "flowLogTrafficType must be one of [ALL, ACCEPT, REJECT] (got SOME); "
                + "flowLogRetentionDays must be one of " + com.ingestpipeline.components.internal.LogRetention.DAYS + " (got 10)");
    }

    @Test
    void aBlockTooSmallForTheSubnetsIsRefused() {
        assertThatThrownBy(() -> new Network("net", NetworkArgs.builder().cidrBlock("10.0.0.0/24")
            .availabilityZoneCount(3).subnetPrefixLength(26).publicSubnets(true).build(), null))
            .hasMessage("NetworkArgs: cidrBlock 10.0.0.0/24 holds 4 subnets of /26 but 6 are needed; "
                + "use a longer subnetPrefixLength or a larger cidrBlock");
        assertThatThrownBy(() -> new Network("net", NetworkArgs.builder().cidrBlock("10.0.0.0/8").build(), null))
            .hasMessage("NetworkArgs: cidrBlock must be a /16 to /24 block (got 10.0.0.0/8)");
        assertThatThrownBy(() -> new Network("net", NetworkArgs.builder()
            .availabilityZones(List.of("us-east-1a", "us-east-1a")).build(), null))
            .hasMessage("NetworkArgs: availabilityZones must name at least 2 distinct zones (got [us-east-1a, us-east-1a])");
    }

    /** Registration order is not deterministic (children register concurrently); names are. */
    private static List<Registered> byName(List<Registered> resources) {
        return resources.stream().sorted(java.util.Comparator.comparing(Registered::name)).toList();
    }

    /** Two subnet ids that the mocked getSubnet places in different zones (it hashes the id). */
    private static List<String> twoSubnetsInDifferentZones() {
        String first = "subnet-0aaa";
        int zone = Math.floorMod(first.hashCode(), RecordingMocks.AZS.size());
        for (int i = 0; ; i++) {
            String candidate = "subnet-0b" + i;
            if (Math.floorMod(candidate.hashCode(), RecordingMocks.AZS.size()) != zone) {
                return List.of(first, candidate);
            }
        }
    }
}
