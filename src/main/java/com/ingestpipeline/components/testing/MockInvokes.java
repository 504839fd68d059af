package com.ingestpipeline.components.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static com.ingestpipeline.components.testing.RecordingMocks.ACCOUNT;
import static com.ingestpipeline.components.testing.RecordingMocks.REGION;

/**
 * Answers for the data-source invokes the stack makes. Unknown tokens throw: an unmocked invoke
 * otherwise returns nulls and the program silently builds nonsense.
 */
final class MockInvokes {
    private MockInvokes() {
    }

    /** The VPC CIDR a lookup of a VPC the plan did not create answers (an existing, "bring your own" VPC). */
    static final String EXISTING_VPC_CIDR = "10.99.0.0/16";

    static Map<String, Object> answer(String token, Map<String, Object> args, MockWorld world,
                                      Function<String, Optional<RecordingMocks.Registered>> recorded) {
        switch (token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return Map.of("accountId", ACCOUNT, "arn", "arn:aws:iam::" + ACCOUNT + ":user/deployer",
                    "userId", "AIDAEXAMPLE", "id", ACCOUNT);
            case "aws:index/getRegion:getRegion":
                return Map.of("name", REGION, "id", REGION, "description", "US East (N. Virginia)",
                    "endpoint", "ec2." + REGION + ".amazonaws.com");
            case "aws:index/getPartition:getPartition":
                return Map.of("partition", "aws", "dnsSuffix", "amazonaws.com", "id", "aws",
                    "reverseDnsPrefix", "com.amazonaws");
            case "aws:index/getAvailabilityZones:getAvailabilityZones":
                return Map.of("names", world.zoneNames(), "zoneIds", world.zoneIds(),
                    "id", REGION, "groupNames", List.of(REGION));
            case "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings":
                return instanceTypeOfferings(args, world);
            case "aws:ec2/getVpcEndpointService:getVpcEndpointService": {
                String serviceName = String.valueOf(args.get("serviceName"));
                String service = serviceName.substring(serviceName.lastIndexOf('.') + 1);
                Set<String> missing = world.endpointServiceMissingIn().getOrDefault(service, Set.of());
                List<String> zones = world.zoneNames().stream().filter(z -> !missing.contains(z)).toList();
                return Map.of("id", serviceName, "serviceName", serviceName, "serviceType", "Interface",
                    "availabilityZones", zones, "owner", "amazon", "acceptanceRequired", false,
                    "privateDnsName", service + "." + REGION + ".amazonaws.com",
                    "serviceId", "vpce-svc-0" + RecordingMocks.hex(serviceName, 16));
            }
            case "aws:ebs/getDefaultKmsKey:getDefaultKmsKey":
                return Map.of("id", REGION, "keyArn", world.defaultEbsKeyArn());
            case "aws:kms/getKey:getKey": {
                String keyId = String.valueOf(args.get("keyId"));
                boolean isDefault = keyId.equals(world.defaultEbsKeyArn());
                // A key the stack was given (kmsKeyArn) is the customer's; the default is whatever the world says.
                String manager = isDefault ? world.defaultEbsKeyManager() : "CUSTOMER";
                return Map.of("id", keyId, "arn", keyId, "keyId", keyId.substring(keyId.lastIndexOf('/') + 1),
                    "keyManager", manager, "keyState", "Enabled", "enabled", true, "keyUsage", "ENCRYPT_DECRYPT",
                    "awsAccountId", ACCOUNT);
            }
            case "aws:ssm/getParameter:getParameter": {
                String name = String.valueOf(args.get("name"));
                String arch = name.contains("arm64") ? "arm64" : "x86_64";
                return Map.of("name", name, "type", "String", "id", name,
                    "value", "ami-0" + RecordingMocks.hex(name + arch, 16),
                    "arn", "arn:aws:ssm:" + REGION + "::parameter" + name, "version", 1.0,
                    "insecureValue", "ami-0" + RecordingMocks.hex(name + arch, 16));
            }
            case "aws:ec2/getSubnet:getSubnet": {
                String id = String.valueOf(args.get("id"));
                Optional<RecordingMocks.Registered> subnet = recorded.apply(id);
                if (subnet.isPresent()) {
                    // A subnet this plan creates: answer with what it was created with, so a wrong zone shows.
                    Map<String, Object> in = subnet.get().inputs();
                    return Map.of("id", id, "availabilityZone", in.get("availabilityZone"), "vpcId", in.get("vpcId"),
                        "cidrBlock", in.get("cidrBlock"), "arn", "arn:aws:ec2:" + REGION + ":" + ACCOUNT + ":subnet/" + id);
                }
                int index = Math.floorMod(id.hashCode(), world.zoneNames().size());
                return Map.of("id", id, "availabilityZone", world.zoneNames().get(index), "vpcId", "vpc-0byo0000000000001",
                    "cidrBlock", "10.99." + index + ".0/24",
                    "arn", "arn:aws:ec2:" + REGION + ":" + ACCOUNT + ":subnet/" + id);
            }
            case "aws:ec2/getPrefixList:getPrefixList": {
                // The AWS-managed prefix list of a gateway endpoint service, e.g. com.amazonaws.us-east-1.s3.
                String name = String.valueOf(args.getOrDefault("name", "com.amazonaws." + REGION + ".s3"));
                String id = "pl-" + RecordingMocks.hex(name, 8);
                return Map.of("id", id, "prefixListId", id, "name", name,
                    "cidrBlocks", List.of("16.15.192.0/18", "52.216.0.0/15"));
            }
            case "aws:ec2/getVpc:getVpc": {
                String id = String.valueOf(args.get("id"));
                // A VPC this plan creates answers its own CIDR, so a rule built from the wrong VPC shows in the plan;
                // only a VPC from outside the plan (bring your own) gets the fixed CIDR.
                String cidr = recorded.apply(id).map(v -> String.valueOf(v.input("cidrBlock"))).orElse(EXISTING_VPC_CIDR);
                return Map.of("id", id, "cidrBlock", cidr,
                    "arn", "arn:aws:ec2:" + REGION + ":" + ACCOUNT + ":vpc/" + id);
            }
            default:
                throw new IllegalArgumentException("RecordingMocks: no mock for invoke '" + token
                    + "' (args " + args + "). Add an answer in MockInvokes.");
        }
    }

    // One offering per (zone, instance type) asked for, except in the zones the world says lack them.
    @SuppressWarnings("unchecked")
    private static Map<String, Object> instanceTypeOfferings(Map<String, Object> args, MockWorld world) {
        List<String> types = List.of();
        for (Object f : (List<Object>) args.getOrDefault("filters", List.of())) {
            Map<String, Object> filter = (Map<String, Object>) f;
            if ("instance-type".equals(filter.get("name"))) {
                types = ((List<Object>) filter.get("values")).stream().map(String::valueOf).toList();
            }
        }
        boolean byId = "availability-zone-id".equals(args.get("locationType"));
        List<String> locations = new ArrayList<>();
        List<String> instanceTypes = new ArrayList<>();
        List<String> locationTypes = new ArrayList<>();
        for (int i = 0; i < world.zoneNames().size(); i++) {
            if (world.zonesWithoutInstanceTypes().contains(world.zoneNames().get(i))) {
                continue;
            }
            for (String type : types) {
                locations.add(byId ? world.zoneIds().get(i) : world.zoneNames().get(i));
                instanceTypes.add(type);
                locationTypes.add(byId ? "availability-zone-id" : "availability-zone");
            }
        }
        return Map.of("id", REGION, "locations", locations, "instanceTypes", instanceTypes,
            "locationTypes", locationTypes);
    }
}
