package com.ingestpipeline.plan;

import java.util.List;
import java.util.Map;

import static com.ingestpipeline.plan.RecordingMocks.ACCOUNT;
import static com.ingestpipeline.plan.RecordingMocks.AZS;
import static com.ingestpipeline.plan.RecordingMocks.REGION;

/**
 * Answers for the data-source invokes the stack makes. Unknown tokens throw: an unmocked invoke
 * otherwise returns nulls and the program silently builds nonsense.
 */
final class MockInvokes {
    private MockInvokes() {
    }

    static Map<String, Object> answer(String token, Map<String, Object> args) {
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
                return Map.of("names", AZS, "zoneIds", List.of("use1-az1", "use1-az2", "use1-az4"),
                    "id", REGION, "groupNames", List.of(REGION));
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
                int index = Math.floorMod(id.hashCode(), AZS.size());
                return Map.of("id", id, "availabilityZone", AZS.get(index), "vpcId", "vpc-0byo0000000000001",
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
                return Map.of("id", id, "cidrBlock", "10.99.0.0/16",
                    "arn", "arn:aws:ec2:" + REGION + ":" + ACCOUNT + ":vpc/" + id);
            }
            default:
                throw new IllegalArgumentException("RecordingMocks: no mock for invoke '" + token
                    + "' (args " + args + "). Add an answer in MockInvokes.");
        }
    }
}
