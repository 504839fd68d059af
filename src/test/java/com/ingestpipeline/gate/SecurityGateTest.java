package com.ingestpipeline.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SecurityGateTest {
    private static final GateContext PROD = new GateContext("prod", true);
    private final SecurityGate gate = SecurityGate.standard();

    /** Each control, a plan that violates it, and the resource the failure must name. */
    static Stream<Arguments> violations() {
        return Stream.of(
            v("S3.1", "account-pab", p -> p.add("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "account-pab",
                "{'blockPublicAcls':true,'blockPublicPolicy':false,'ignorePublicAcls':true,'restrictPublicBuckets':true}")),
            v("S3.5", "data-bucket", p -> p.remove("data-bucket-policy")),
            v("S3.5", "data-bucket", p -> p.set("data-bucket-policy", "/policy",
                "{'Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'*','Principal':'*'}]}")),
            v("S3.8", "data-bucket", p -> p.set("data-bucket-pab", "/restrictPublicBuckets", "false")),
            v("S3.8", "data-bucket", p -> p.remove("data-bucket-pab")),
            v("S3.12", "data-bucket", p -> p.set("data-bucket-ownership", "/rule/objectOwnership", "'ObjectWriter'")),
            v("S3.12", "data-bucket", p -> p.add("aws:s3/bucketAclV2:BucketAclV2", "data-bucket-acl",
                "{'bucket':'my-data','acl':'public-read'}")),
            v("S3.9", "data-bucket", p -> p.remove("data-bucket-logging")),
            v("S3.13", "data-bucket", p -> p.set("data-bucket-lifecycle", "/rules", "[{'id':'x','status':'Disabled'}]")),
            v("Lambda.1", "ingest-fn-s3", p -> p.unset("ingest-fn-s3", "sourceArn").unset("ingest-fn-s3", "sourceAccount")),
            v("Lambda.1", "ingest-fn-s3", p -> p.set("ingest-fn-s3", "/principal", "'*'")),
            v("SQS.1", "ingest-failures", p -> p.unset("ingest-failures", "sqsManagedSseEnabled")),
            v("SQS.3", "ingest-failures-policy", p -> p.set("ingest-failures-policy", "/policy/Statement/1/Condition",
                "{}")),
            v("SQS.3", "ingest-failures-policy", p -> p.set("ingest-failures-policy", "/policy/Statement/1/Principal",
                "'*'").set("ingest-failures-policy", "/policy/Statement/1/Condition", "{}")),
            v("Lambda.2", "ingest-fn", p -> p.set("ingest-fn", "/runtime", "'java8'")),
            v("Lambda.5", "ingest-fn", p -> p.set("ingest-fn", "/vpcConfig/subnetIds", "['subnet-a']")),
            v("RDS.2", "db", p -> p.set("db", "/publiclyAccessible", "true")),
            v("RDS.3", "db", p -> p.set("db", "/storageEncrypted", "false")),
            v("RDS.5", "db", p -> p.set("db", "/multiAz", "false")),
            v("RDS.8", "db", p -> p.unset("db", "deletionProtection")),
            v("RDS.9", "db", p -> p.set("db", "/enabledCloudwatchLogsExports", "['upgrade']")),
            v("RDS.10", "db", p -> p.set("db", "/iamDatabaseAuthenticationEnabled", "false")),
            v("RDS.11", "db", p -> p.set("db", "/backupRetentionPeriod", "1.0")),
            v("RDS.13", "db", p -> p.set("db", "/autoMinorVersionUpgrade", "false")),
            v("RDS.17", "db", p -> p.set("db", "/copyTagsToSnapshot", "false")),
            v("RDS.46", "db", p -> p.add("aws:ec2/internetGateway:InternetGateway", "net-igw", "igw-1", "{'vpcId':'vpc-1'}")
                .set("net-private-rt", "/routes", "[{'cidrBlock':'0.0.0.0/0','gatewayId':'igw-1'}]")),
            v("RDS.46", "db", p -> p.add("aws:ec2/route:Route", "net-default-route", "r-1",
                "{'routeTableId':'rtb-1','destinationCidrBlock':'0.0.0.0/0','gatewayId':'igw-9'}")),
            v("EC2.2", "net-vpc", p -> p.remove("net-default-sg")),
            v("EC2.2", "net-default-sg", p -> p.set("net-default-sg", "/egress",
                "[{'protocol':'-1','fromPort':0,'toPort':0,'cidrBlocks':['0.0.0.0/0']}]")),
            v("EC2.6", "net-vpc", p -> p.remove("net-flow-log")),
            v("EC2.6", "net-vpc", p -> p.set("net-flow-log", "/trafficType", "'ACCEPT'")),
            v("EC2.3", "worker-data", p -> p.set("worker-data", "/encrypted", "false")),
            v("EC2.3", "worker-0", p -> p.set("worker-0", "/rootBlockDevice/encrypted", "false")),
            v("EC2.8", "worker-0", p -> p.set("worker-0", "/metadataOptions/httpTokens", "'optional'")),
            v("EC2.9", "worker-0", p -> p.set("worker-0", "/associatePublicIpAddress", "true")),
            v("EC2.9", "worker-0", p -> p.unset("worker-0", "associatePublicIpAddress")
                .set("net-private-a", "/mapPublicIpOnLaunch", "true")),
            v("EC2.18", "worker-sg", p -> p.set("worker-sg", "/ingress",
                "[{'protocol':'tcp','fromPort':22,'toPort':22,'cidrBlocks':['0.0.0.0/0']}]")),
            v("EC2.18", "db-open", p -> p.add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "db-open",
                "{'securityGroupId':'sg-db','cidrIpv6':'::/0','ipProtocol':'-1'}")),
            v("SSM.1", "worker-0", p -> p.remove("worker-ssm")),
            v("SSM.1", "worker-0", p -> p.unset("worker-0", "iamInstanceProfile")),
            v("SSM.1", "worker-0", p -> p.remove("worker-ssm").add("aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                "worker-managed-ssm", "{'role':'worker-role','policyArn':'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'}")),
            v("SSM.1", "worker-0", p -> p.set("worker-ssm", "/policy", "{'Statement':[{'Effect':'Allow',"
                + "'Action':'ssm:UpdateInstanceInformation','Resource':'*'}]}")),
            v("IAM.1", "worker-s3", p -> p.set("worker-s3", "/policy",
                "{'Statement':[{'Effect':'Allow','Action':'*','Resource':'*'}]}")),
            v("IAM.1", "worker-admin", p -> p.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "worker-admin",
                "{'role':'worker-role','policyArn':'arn:aws:iam::aws:policy/AdministratorAccess'}")),
            v("IAM.21", "worker-s3", p -> p.set("worker-s3", "/policy",
                "{'Statement':[{'Effect':'Allow','Action':['s3:*'],'Resource':'arn:aws:s3:::my-data/*'}]}")),
            v("VPCE.1", "net-ssm", p -> p.unset("net-ssm", "policy")),
            v("VPCE.1", "net-ssm", p -> p.set("net-ssm", "/policy",
                "{'Statement':[{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*'}]}")),
            v("VPCE.1", "net-s3", p -> p.remove("perimeter-s3")),
            v("VPCE.1", "net-s3", p -> p.set("perimeter-s3", "/policy",
                "{'Statement':[{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*'}]}")),
                        v("StepFunctions.1", "flow", p -> p.set("flow", "/loggingConfiguration/level", "'OFF'")),
            v("CloudWatch.15", "flow-failed", p -> p.set("flow-failed", "/alarmActions", "[]")),
            v("SNS.1", "alarms", p -> p.unset("alarms", "kmsMasterKeyId")));
    }

    private static Arguments v(String control, String resource, UnaryOperator<TestPlan> violate) {
        return arguments(control, resource, violate);
    }

    @Test
    void compliantPlan_passesEveryControl() {
        GateReport report = gate.evaluate(CompliantPlan.create().json(), PROD, List.of());

        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isTrue();
        Set<String> evaluated = report.findings().stream().map(Finding::control).collect(Collectors.toSet());
        assertThat(evaluated).containsAll(gate.controls().keySet());
    }

    @Test
    void everyControl_hasAViolatingPlanBelow() {
        Set<String> covered = violations().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(gate.controls().keySet());
    }

    @ParameterizedTest(name = "{0} fails for {1}")
    @MethodSource("violations")
    void violatingPlan_failsTheControlForThatResource(String control, String resource, UnaryOperator<TestPlan> violate) {
        GateReport report = gate.evaluate(violate.apply(CompliantPlan.create()).json(), PROD, List.of());

        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).extracting(Finding::control, Finding::resource).contains(
            org.assertj.core.groups.Tuple.tuple(control, resource));
        assertThat(report.table()).contains("GATE FAILED").contains(control);
    }

    @Test
    void multiAz_isRequiredOnlyInProduction() {
        var plan = CompliantPlan.create().set("db", "/multiAz", "false").json();

        assertThat(gate.evaluate(plan, new GateContext("dev", false), List.of()).passed()).isTrue();
        assertThat(gate.evaluate(plan, GateContext.forStack("prod"), List.of()).failures())
            .extracting(Finding::control).containsExactly("RDS.5");
    }

    @Test
    void waiver_turnsTheFailureIntoWaivedAndPrintsTheReason() {
        var plan = CompliantPlan.create().set("db", "/deletionProtection", "false").json();

        GateReport report = gate.evaluate(plan, new GateContext("dev", false),
            List.of(new Waiver("RDS.8", "dev data is disposable")));

        assertThat(report.passed()).isTrue();
        assertThat(report.of("RDS.8")).extracting(Finding::status).containsExactly(Finding.Status.WAIVED);
        assertThat(report.table()).contains("RDS.8").contains("WAIVED").contains("dev data is disposable")
            .contains("GATE PASSED");
    }

    @Test
    void waiverOfAMandatoryControl_isRefusedInProduction_butNotElsewhere() {
        var plan = CompliantPlan.create().set("db", "/multiAz", "false").set("db", "/deletionProtection", "false").json();
        List<Waiver> waivers = List.of(new Waiver("RDS.5", "cheaper"), new Waiver("RDS.8", "disposable"));

        assertThatThrownBy(() -> gate.evaluate(plan, PROD, waivers)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("RDS.5 is mandatory in prod and cannot be waived")
            .hasMessageContaining("RDS.8 is mandatory in prod and cannot be waived");
        assertThat(gate.evaluate(plan, new GateContext("dev", false), waivers).passed()).isTrue();
    }

    @Test
    void unusedWaiver_isReportedSoItCanBeRemoved() {
        GateReport report = gate.evaluate(CompliantPlan.create().json(), PROD, List.of(new Waiver("S3.13", "temporary")));

        assertThat(report.unusedWaivers()).extracting(Waiver::control).containsExactly("S3.13");
        assertThat(report.table()).contains("nothing failed it");
    }

    @Test
    void waiverOfUnknownControl_orWithoutReason_isRejectedNamingIt() {
        assertThatThrownBy(() -> gate.evaluate(CompliantPlan.create().json(), PROD, List.of(new Waiver("S3.99", "typo"))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown control 'S3.99'");
        assertThatThrownBy(() -> new Waiver("RDS.8", " "))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RDS.8").hasMessageContaining("reason");
    }

    @Test
    void accessLogTarget_passesS3Point9WithoutLoggingItself() {
        GateReport report = gate.evaluate(CompliantPlan.create().json(), PROD, List.of());

        assertThat(report.of("S3.9")).extracting(Finding::resource, Finding::status).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("data-bucket", Finding.Status.PASS),
            org.assertj.core.groups.Tuple.tuple("logs-bucket", Finding.Status.PASS));
        assertThat(report.of("S3.9")).filteredOn(f -> f.resource().equals("logs-bucket")).singleElement()
            .satisfies(f -> assertThat(f.why()).contains("access-log target"));
    }

    @Test
    void subnetsOutsideThePlan_areReportedToCheckNotFailed() {
        var plan = CompliantPlan.create().set("ingest-fn", "/vpcConfig/subnetIds", "['subnet-x','subnet-y']").json();

        GateReport report = gate.evaluate(plan, PROD, List.of());

        assertThat(report.of("Lambda.5")).extracting(Finding::status).containsExactly(Finding.Status.CHECK);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void ssmAgent_passesOnTheAgentsOwnPermissions_namingWhatIsMissingOtherwise() {
        assertThat(gate.evaluate(CompliantPlan.create().json(), PROD, List.of()).of("SSM.1")).singleElement()
            .satisfies(f -> assertThat(f.status()).isEqualTo(Finding.Status.PASS));
        var plan = CompliantPlan.create().set("worker-ssm", "/policy", "{'Statement':[{'Effect':'Allow',"
            + "'Action':'ssm:UpdateInstanceInformation','Resource':'*'}]}").json();
        assertThat(gate.evaluate(plan, PROD, List.of()).of("SSM.1")).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Finding.Status.FAIL);
            assertThat(f.why()).contains("ssmmessages:CreateControlChannel");
        });
    }

    @Test
    void ssmAgentWithoutARouteToSsm_isReportedToCheck() {
        var plan = CompliantPlan.create().remove("net-ssmmessages").json();

        GateReport report = gate.evaluate(plan, PROD, List.of());

        assertThat(report.of("SSM.1")).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Finding.Status.CHECK);
            assertThat(f.why()).contains("ssmmessages");
        });
    }

    @Test
    void qualifiedLambdaArn_resolvesToItsFunction() {
        var plan = PlanView.of(CompliantPlan.create().json());

        assertThat(plan.resolve("arn:aws:lambda:us-east-1:123456789012:function:ingest-fn:live",
            "aws:lambda/function:Function")).get().extracting(PlanView.Resource::name).isEqualTo("ingest-fn");
    }

    @Test
    void planWithoutSteps_isRejectedNamingTheShape() {
        assertThatThrownBy(() -> gate.evaluate(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(),
            PROD, List.of())).hasMessageContaining("'steps'");
    }

    @Test
    void aProductionAlarmTopicWithoutSubscriber_isNotedButDoesNotFail() {
        GateReport report = gate.evaluate(CompliantPlan.create().remove("alarms-email").json(), PROD, List.of());

        assertThat(report.passed()).isTrue();
        assertThat(report.of("CloudWatch.15")).anySatisfy(f -> {
            assertThat(f.status()).isEqualTo(Finding.Status.CHECK);
            assertThat(f.resource()).isEqualTo("alarms");
            assertThat(f.why()).contains("no subscriber").contains("alarmEmail");
        });
        GateReport subscribed = gate.evaluate(CompliantPlan.create().json(), PROD, List.of());
        assertThat(subscribed.of("CloudWatch.15")).noneMatch(f -> f.status() == Finding.Status.CHECK);
    }
}
