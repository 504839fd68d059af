package com.ingestpipeline.components.testing;

import java.util.List;
import java.util.Map;

import static com.ingestpipeline.components.testing.RecordingMocks.ACCOUNT;
import static com.ingestpipeline.components.testing.RecordingMocks.AZS;
import static com.ingestpipeline.components.testing.RecordingMocks.REGION;
import static com.ingestpipeline.components.testing.RecordingMocks.hex;

/** Realistic, deterministic ids and computed outputs for mocked resources. */
final class MockIds {
    private MockIds() {
    }

    /** The id AWS would give: ec2-style prefixed ids, URLs for queues, names for most others. */
    static String idFor(String type, String name, Map<String, Object> inputs) {
        String ec2Prefix = ec2Prefix(type);
        if (ec2Prefix != null) {
            return ec2Prefix + "-0" + hex(type + name, 16);
        }
        switch (type) {
            case "aws:s3/bucketV2:BucketV2":
                return str(inputs.get("bucket"), name);
            case "aws:sqs/queue:Queue":
                return "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + str(inputs.get("name"), name);
            case "aws:sfn/stateMachine:StateMachine":
            case "aws:sfn/activity:Activity":
                return arnFor(type, str(inputs.get("name"), name));
            default:
                return str(inputs.get("name"), name);
        }
    }

    /** Adds what the provider computes (arn, name, endpoint, ...) to the mocked state. */
    static void addComputedState(String type, String name, String id, Map<String, Object> inputs,
                                 Map<String, Object> state) {
        String physical = str(inputs.get("name"), name);
        state.putIfAbsent("arn", arnFor(type, type.equals("aws:s3/bucketV2:BucketV2") ? id : physical, id));
        state.putIfAbsent("name", physical);
        switch (type) {
            case "aws:s3/bucketV2:BucketV2":
                state.put("bucket", id);
                state.put("bucketDomainName", id + ".s3.amazonaws.com");
                state.put("bucketRegionalDomainName", id + ".s3." + REGION + ".amazonaws.com");
                break;
            case "aws:lambda/function:Function":
                state.put("invokeArn", "arn:aws:apigateway:" + REGION + ":lambda:path/2015-03-31/functions/"
                    + state.get("arn") + "/invocations");
                state.put("version", Boolean.TRUE.equals(inputs.get("publish")) ? "1" : "$LATEST");
                state.put("qualifiedArn", state.get("arn") + ":" + state.get("version"));
                break;
            case "aws:sqs/queue:Queue":
                state.put("url", id);
                break;
            case "aws:lambda/alias:Alias": {
                // An alias ARN is the function ARN qualified by the alias name.
                String alias = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:"
                    + str(inputs.get("functionName"), name) + ":" + physical;
                state.put("arn", alias);
                state.put("invokeArn", "arn:aws:apigateway:" + REGION + ":lambda:path/2015-03-31/functions/"
                    + alias + "/invocations");
                break;
            }
            case "aws:ec2/instance:Instance":
                state.put("privateIp", "10.0." + (Math.abs(name.hashCode()) % 200) + ".10");
                state.putIfAbsent("availabilityZone", AZS.get(0));
                break;
            case "aws:rds/instance:Instance": {
                String address = str(inputs.get("identifier"), name) + ".c" + hex(name, 10) + "." + REGION
                    + ".rds.amazonaws.com";
                state.put("address", address);
                state.put("endpoint", address + ":5432");
                state.putIfAbsent("port", 5432.0);
                state.put("resourceId", "db-" + hex(name, 26).toUpperCase());
                state.putIfAbsent("identifier", str(inputs.get("identifier"), name));
                if (Boolean.TRUE.equals(inputs.get("manageMasterUserPassword"))) {
                    state.put("masterUserSecrets", List.of(Map.of(
                        "secretArn", "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:rds!db-"
                            + hex(name, 8) + "-" + hex(name + "s", 6),
                        "secretStatus", "active",
                        "kmsKeyId", "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + hex(name + "k", 8))));
                }
                break;
            }
            case "aws:rds/proxy:Proxy":
                state.put("endpoint", physical + ".proxy-c" + hex(name, 10) + "." + REGION + ".rds.amazonaws.com");
                break;
            case "aws:ec2/vpcEndpoint:VpcEndpoint":
                if ("Gateway".equals(inputs.get("vpcEndpointType"))) {
                    state.put("prefixListId", "pl-" + hex(name, 8));
                }
                break;
            case "aws:kms/key:Key":
                state.put("keyId", hex(name, 8) + "-" + hex(name + "1", 4) + "-" + hex(name + "2", 4));
                break;
            default:
                break;
        }
    }

    private static String ec2Prefix(String type) {
        switch (type) {
            case "aws:ec2/vpc:Vpc": return "vpc";
            case "aws:ec2/subnet:Subnet": return "subnet";
            case "aws:ec2/securityGroup:SecurityGroup": return "sg";
            case "aws:ec2/instance:Instance": return "i";
            case "aws:ebs/volume:Volume": return "vol";
            case "aws:ec2/routeTable:RouteTable": return "rtb";
            case "aws:ec2/vpcEndpoint:VpcEndpoint": return "vpce";
            case "aws:ec2/internetGateway:InternetGateway": return "igw";
            case "aws:ec2/natGateway:NatGateway": return "nat";
            case "aws:ec2/eip:Eip": return "eipalloc";
            case "aws:ec2/flowLog:FlowLog": return "fl";
            case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
            case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": return "sgr";
            case "aws:ebs/snapshot:Snapshot": return "snap";
            default: return null;
        }
    }

    /** An ARN in the shape the service uses. */
    private static String arnFor(String type, String physical) {
        return arnFor(type, physical, physical);
    }

    private static String arnFor(String type, String physical, String id) {
        String acct = REGION + ":" + ACCOUNT;
        switch (type) {
            case "aws:s3/bucketV2:BucketV2": return "arn:aws:s3:::" + physical;
            case "aws:iam/role:Role": return "arn:aws:iam::" + ACCOUNT + ":role/" + physical;
            case "aws:iam/policy:Policy": return "arn:aws:iam::" + ACCOUNT + ":policy/" + physical;
            case "aws:iam/instanceProfile:InstanceProfile": return "arn:aws:iam::" + ACCOUNT + ":instance-profile/" + physical;
            case "aws:lambda/function:Function": return "arn:aws:lambda:" + acct + ":function:" + physical;
            case "aws:lambda/alias:Alias": return "arn:aws:lambda:" + acct + ":function:" + physical;
            case "aws:sfn/stateMachine:StateMachine": return "arn:aws:states:" + acct + ":stateMachine:" + physical;
            case "aws:sfn/activity:Activity": return "arn:aws:states:" + acct + ":activity:" + physical;
            case "aws:sqs/queue:Queue": return "arn:aws:sqs:" + acct + ":" + physical;
            case "aws:cloudwatch/logGroup:LogGroup": return "arn:aws:logs:" + acct + ":log-group:" + physical;
            case "aws:cloudwatch/metricAlarm:MetricAlarm": return "arn:aws:cloudwatch:" + acct + ":alarm:" + physical;
            case "aws:rds/instance:Instance": return "arn:aws:rds:" + acct + ":db:" + physical;
            case "aws:rds/parameterGroup:ParameterGroup": return "arn:aws:rds:" + acct + ":pg:" + physical;
            case "aws:rds/subnetGroup:SubnetGroup": return "arn:aws:rds:" + acct + ":subgrp:" + physical;
            case "aws:rds/proxy:Proxy": return "arn:aws:rds:" + acct + ":db-proxy:prx-" + hex(physical, 17);
            case "aws:kms/key:Key": return "arn:aws:kms:" + acct + ":key/" + hex(physical, 8) + "-" + hex(physical + "1", 4);
            case "aws:sns/topic:Topic": return "arn:aws:sns:" + acct + ":" + physical;
            case "aws:cloudwatch/eventRule:EventRule": return "arn:aws:events:" + acct + ":rule/" + physical;
            case "aws:ec2/instance:Instance": return "arn:aws:ec2:" + acct + ":instance/" + id;
            case "aws:ebs/volume:Volume": return "arn:aws:ec2:" + acct + ":volume/" + id;
            case "aws:ec2/vpc:Vpc": return "arn:aws:ec2:" + acct + ":vpc/" + id;
            case "aws:ec2/subnet:Subnet": return "arn:aws:ec2:" + acct + ":subnet/" + id;
            case "aws:ec2/securityGroup:SecurityGroup": return "arn:aws:ec2:" + acct + ":security-group/" + id;
            default: {
                // aws:<module>/<resource>:<Type> -> a plausible ARN for anything not listed above.
                String module = type.contains(":") && type.contains("/")
                    ? type.substring(type.indexOf(':') + 1, type.indexOf('/')) : "resource";
                return "arn:aws:" + module + ":" + acct + ":" + physical;
            }
        }
    }

    private static String str(Object value, String fallback) {
        return value instanceof String && !((String) value).isEmpty() ? (String) value : fallback;
    }
}
