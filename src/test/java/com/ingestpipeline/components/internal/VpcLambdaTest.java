package com.ingestpipeline.components.internal;

import com.ingestpipeline.components.NetworkPlacementArgs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.asset.FileArchive;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VpcLambdaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION = "aws:lambda/function:Function";
    private static final String EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    private static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

    private static VpcLambda.Spec spec() {
        return VpcLambda.Spec.builder()
            .code(new FileArchive("/tmp/fn.jar"))
            .handler("com.example.Handler::handleRequest")
            .memoryMb(512)
            .timeoutSeconds(30)
            .environment(Output.of(Map.of("DB_HOST", "db.example")))
            .network(NetworkPlacementArgs.builder().subnetIds(List.of("subnet-a", "subnet-b")).vpcId("vpc-0123").build())
            .tags(Map.of("team", "data"));
    }

    private static RecordingMocks run(UnaryOperator<VpcLambda.Spec> customise) {
        return MockRun.run(ctx -> {
            var parent = new ComponentResource("test:index:Holder", "holder");
            var fn = VpcLambda.create("fn", customise.apply(spec()), parent);
            ctx.export("alias", fn.aliasArn());
        }).mocks();
    }

    @Test
    void defaults_java21Arm64InTheVpcWithTracingOwnLogGroupAndAPublishedVersionBehindAnAlias() {
        RecordingMocks mocks = run(s -> s);
        Registered fn = mocks.single(FUNCTION);
        assertThat(fn.name()).isEqualTo("fn");
        assertThat(fn.input("runtime")).isEqualTo("java21");
        assertThat(fn.input("architectures")).isEqualTo(List.of("arm64"));
        assertThat(fn.input("handler")).isEqualTo("com.example.Handler::handleRequest");
        assertThat(fn.input("memorySize")).isEqualTo(512.0);
        assertThat(fn.input("timeout")).isEqualTo(30.0);
        assertThat(fn.input("publish")).isEqualTo(true);
        assertThat(fn.input("tracingConfig")).isEqualTo(Map.of("mode", "Active"));
        assertThat(fn.input("environment")).isEqualTo(Map.of("variables", Map.of("DB_HOST", "db.example")));
        assertThat(fn.input("snapStart")).isNull();
        assertThat(fn.input("reservedConcurrentExecutions")).isNull();
        assertThat(fn.input("role")).isEqualTo("arn:aws:iam::123456789012:role/fn-role");

        Registered sg = mocks.single("aws:ec2/securityGroup:SecurityGroup");
        JsonNode vpc = JSON.valueToTree(fn.input("vpcConfig"));
        assertThat(vpc.get("subnetIds")).hasSize(2);
        assertThat(vpc.at("/securityGroupIds/0").asText()).isEqualTo(sg.id());
        assertThat(sg.input("vpcId")).isEqualTo("vpc-0123");
        assertThat(sg.input("ingress")).as("no inline rules").isNull();
        assertThat(mocks.ofType(INGRESS)).as("no database group given: nothing to authorise").isEmpty();

        Registered logs = mocks.single("aws:cloudwatch/logGroup:LogGroup");
        assertThat(logs.input("retentionInDays")).isEqualTo(30.0);
        assertThat(fn.input("loggingConfig")).isEqualTo(Map.of("logGroup", "fn-logs", "logFormat", "JSON"));

        Registered alias = mocks.single("aws:lambda/alias:Alias");
        assertThat(alias.input("name")).isEqualTo("live");
        assertThat(alias.input("functionName")).isEqualTo("fn");
        assertThat(alias.input("functionVersion")).isEqualTo("1");

        for (Registered r : List.of(fn, sg, logs, mocks.single("aws:iam/role:Role"))) {
            assertThat(JSON.valueToTree(r.input("tags")).path("team").asText()).as(r.name()).isEqualTo("data");
        }
    }

    @Test
    void securityGroup_allowsOnlyHttpsToTheVpcAndS3AndThePostgresPort() {
        RecordingMocks mocks = run(s -> s);
        String sgId = mocks.single("aws:ec2/securityGroup:SecurityGroup").id();
        Registered vpcHttps = mocks.single(EGRESS, n -> n.equals("fn-egress-https-vpc"));
        assertThat(vpcHttps.inputs()).containsEntry("securityGroupId", sgId).containsEntry("ipProtocol", "tcp")
            .containsEntry("fromPort", 443.0).containsEntry("toPort", 443.0).containsEntry("cidrIpv4", "10.99.0.0/16");
        Registered s3Https = mocks.single(EGRESS, n -> n.equals("fn-egress-https-s3"));
        assertThat(s3Https.inputs()).containsEntry("fromPort", 443.0).containsEntry("toPort", 443.0);
        assertThat((String) s3Https.input("prefixListId")).startsWith("pl-");
        Registered db = mocks.single(EGRESS, n -> n.equals("fn-egress-db"));
        assertThat(db.inputs()).containsEntry("fromPort", 5432.0).containsEntry("toPort", 5432.0)
            .containsEntry("cidrIpv4", "10.99.0.0/16");
        assertThat(mocks.ofType(EGRESS)).hasSize(3);
        assertThat(mocks.ofType(EGRESS)).noneMatch(r -> "0.0.0.0/0".equals(r.input("cidrIpv4")));
    }

    @Test
    void networkInput_suppliesTheVpcCidrAndS3PrefixList_soNothingIsLookedUpAgain() {
        RecordingMocks mocks = run(s -> s.network(NetworkPlacementArgs.builder().vpcId("vpc-0123")
            .subnetIds(List.of("subnet-a", "subnet-b")).vpcCidr("10.42.0.0/16").s3PrefixListId("pl-0given").build()));
        assertThat(mocks.single(EGRESS, n -> n.equals("fn-egress-https-vpc")).input("cidrIpv4")).isEqualTo("10.42.0.0/16");
        assertThat(mocks.single(EGRESS, n -> n.equals("fn-egress-db")).input("cidrIpv4")).isEqualTo("10.42.0.0/16");
        assertThat(mocks.single(EGRESS, n -> n.equals("fn-egress-https-s3")).input("prefixListId")).isEqualTo("pl-0given");
        assertThat(mocks.invokes()).doesNotContain("aws:ec2/getVpc:getVpc", "aws:ec2/getPrefixList:getPrefixList");
    }

    @Test
    void databaseSecurityGroup_getsAn5432IngressFromTheFunctionAndIsTheOnlyDbEgressTarget() {
        RecordingMocks mocks = run(s -> s.databaseSecurityGroupId(Output.of("sg-0db")));
        String sgId = mocks.single("aws:ec2/securityGroup:SecurityGroup").id();
        Registered ingress = mocks.single(INGRESS);
        assertThat(ingress.name()).isEqualTo("fn-db-ingress");
        assertThat(ingress.inputs()).containsEntry("securityGroupId", "sg-0db")
            .containsEntry("referencedSecurityGroupId", sgId)
            .containsEntry("fromPort", 5432.0).containsEntry("toPort", 5432.0).containsEntry("ipProtocol", "tcp");
        Registered db = mocks.single(EGRESS, n -> n.equals("fn-egress-db"));
        assertThat(db.inputs()).containsEntry("referencedSecurityGroupId", "sg-0db").doesNotContainKey("cidrIpv4");
    }

    @Test
    void role_trustsLambdaAndGrantsOwnLogsEniXrayThenTheCallersStatements() throws Exception {
        RecordingMocks mocks = run(s -> s.extraStatement(Output.of(PolicyDocument.allow("StartFlow",
            List.of("states:StartExecution"), List.of("arn:aws:states:us-east-1:123456789012:stateMachine:flow")))));
        JsonNode trust = JSON.readTree((String) mocks.single("aws:iam/role:Role").input("assumeRolePolicy"));
        assertThat(trust.at("/Statement/0/Principal/Service").asText()).isEqualTo("lambda.amazonaws.com");
        assertThat(trust.at("/Statement/0/Action").asText()).isEqualTo("sts:AssumeRole");

        Registered policy = mocks.single("aws:iam/rolePolicy:RolePolicy");
        assertThat(policy.input("role")).isEqualTo("fn-role");
        JsonNode st = JSON.readTree((String) policy.input("policy")).get("Statement");
        assertThat(st).hasSize(6);
        assertThat(st.get(0).get("Sid").asText()).isEqualTo("OwnLogGroup");
        assertThat(texts(st.get(0).get("Action"))).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(st.get(0).get("Resource").asText()).isEqualTo("arn:aws:logs:us-east-1:123456789012:log-group:fn-logs:*");
        // The ENI actions AWS documents resource-level permissions for are scoped to this account and region.
        String ec2 = "arn:aws:ec2:us-east-1:123456789012:";
        assertThat(st.get(1).get("Sid").asText()).isEqualTo("CreateNetworkInterfaces");
        assertThat(texts(st.get(1).get("Action"))).containsExactly("ec2:CreateNetworkInterface");
        assertThat(texts(st.get(1).get("Resource"))).containsExactly(ec2 + "network-interface/*", ec2 + "subnet/*",
            ec2 + "security-group/*");
        assertThat(st.get(2).get("Sid").asText()).isEqualTo("ManageNetworkInterfaces");
        assertThat(texts(st.get(2).get("Action"))).containsExactly("ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses");
        assertThat(texts(st.get(2).get("Resource"))).containsExactly(ec2 + "network-interface/*");
        assertThat(st.get(3).get("Sid").asText()).isEqualTo("DescribeNetwork");
        assertThat(texts(st.get(3).get("Action"))).containsExactly("ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets");
        assertThat(texts(st.get(3).get("Resource"))).as("Describe* has no resource-level permissions").containsExactly("*");
        assertThat(st.get(4).get("Sid").asText()).isEqualTo("XRayTraces");
        assertThat(texts(st.get(4).get("Action"))).containsExactly("xray:PutTraceSegments", "xray:PutTelemetryRecords");
        assertThat(st.get(5).get("Action").asText()).isEqualTo("states:StartExecution");
        assertThat(st.get(5).get("Resource").asText()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:flow");
        for (JsonNode s : st) {
            assertThat(s.get("Effect").asText()).isEqualTo("Allow");
            assertThat(texts(s.get("Action"))).doesNotContain("*").noneMatch(a -> a.endsWith(":*"));
        }
    }

    @Test
    void overrides_snapStartReservedConcurrencyRuntimeRetention() {
        RecordingMocks mocks = run(s -> s.snapStart(true).reservedConcurrency(5).runtime("java17")
            .architecture("x86_64").logRetentionDays(90));
        Registered fn = mocks.single(FUNCTION);
        assertThat(fn.input("snapStart")).isEqualTo(Map.of("applyOn", "PublishedVersions"));
        assertThat(fn.input("reservedConcurrentExecutions")).isEqualTo(5.0);
        assertThat(fn.input("runtime")).isEqualTo("java17");
        assertThat(fn.input("architectures")).isEqualTo(List.of("x86_64"));
        assertThat(mocks.single("aws:cloudwatch/logGroup:LogGroup").input("retentionInDays")).isEqualTo(90.0);
    }

    @Test
    void aliasArn_isTheFunctionArnQualifiedByTheAlias() {
        var outcome = MockRun.run(ctx -> {
            var parent = new ComponentResource("test:index:Holder", "holder");
            ctx.export("alias", VpcLambda.create("fn", spec(), parent).aliasArn());
        });
        assertThat((String) com.pulumi.test.PulumiTest.extractValue(outcome.result().output("alias")))
            .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:fn:live");
    }

    @Test
    void invalidSpec_listsEveryProblem() {
        var bad = VpcLambda.Spec.builder().memoryMb(64).timeoutSeconds(901).logRetentionDays(10).reservedConcurrency(-1);
        assertThatThrownBy(() -> VpcLambda.create("fn", bad, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("VpcLambda fn: code is required; handler is required; memoryMb must be 128..10240 (got 64); "
                + "timeoutSeconds must be 1..900 (got 901); environment is required; network.vpcId is required; "
                + "network.subnetIds is required; logRetentionDays must be one of " + LogRetention.DAYS + " (got 10); "
                + "reservedConcurrency must be >= 0 (got -1)");
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }
}
