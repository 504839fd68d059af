package com.ingestpipeline.components.internal;

import com.ingestpipeline.components.NetworkPlacementArgs;
import com.pulumi.asset.Archive;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lambda.Alias;
import com.pulumi.aws.lambda.AliasArgs;
import com.pulumi.aws.lambda.Function;
import com.pulumi.aws.lambda.FunctionArgs;
import com.pulumi.aws.lambda.inputs.FunctionEnvironmentArgs;
import com.pulumi.aws.lambda.inputs.FunctionLoggingConfigArgs;
import com.pulumi.aws.lambda.inputs.FunctionSnapStartArgs;
import com.pulumi.aws.lambda.inputs.FunctionTracingConfigArgs;
import com.pulumi.aws.lambda.inputs.FunctionVpcConfigArgs;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Lambda function inside a VPC with everything it needs and nothing more: its own log group, role,
 * security group (no ingress; HTTPS egress to the VPC's endpoints and the S3 gateway endpoint, the database
 * port to the database), X-Ray tracing, and an alias on a published version that callers invoke.
 * Shared by IngestPipeline (ingest), OrchestrationFlow (status) and Database (migrate).
 */
public final class VpcLambda {
    /** The alias every caller invokes; pointing triggers at it (not $LATEST) is what makes SnapStart apply. */
    public static final String ALIAS_NAME = "live";


    private final Function function;
    private final Alias alias;
    private final Role role;
    private final SecurityGroup securityGroup;

    private VpcLambda(Function function, Alias alias, Role role, SecurityGroup securityGroup) {
        this.function = function;
        this.alias = alias;
        this.role = role;
        this.securityGroup = securityGroup;
    }

    /**
     * What a caller decides about its function. Required: code, handler, memoryMb, timeoutSeconds,
     * environment, network. The rest has secure defaults.
     */
    public static final class Spec {
        private Archive code;
        private String handler;
        private String runtime = "java21";
        private String architecture = "arm64";
        private String description;
        private Integer memoryMb;
        private Integer timeoutSeconds;
        private Output<Map<String, String>> environment;
        private NetworkPlacementArgs network;
        private int logRetentionDays = 30;
        private final List<Output<PolicyDocument.Statement>> extraStatements = new ArrayList<>();
        private final List<Output<List<PolicyDocument.Statement>>> extraStatementLists = new ArrayList<>();
        private boolean snapStart;
        private Integer reservedConcurrency;
        private Map<String, String> tags = Map.of();
        private Output<String> databaseSecurityGroupId;
        private int databasePort = 5432;

        private Spec() {
        }

        public static Spec builder() {
            return new Spec();
        }

        /** Returns this spec; the fluent setters already filled it (kept for builder-style call sites). */
        public Spec build() {
            return this;
        }

        public Spec code(Archive v) { this.code = v; return this; }
        public Spec handler(String v) { this.handler = v; return this; }
        /** Default: java21. */
        public Spec runtime(String v) { this.runtime = v; return this; }
        /** Default: arm64 (Graviton: cheaper per GB-second). */
        public Spec architecture(String v) { this.architecture = v; return this; }
        public Spec description(String v) { this.description = v; return this; }
        public Spec memoryMb(int v) { this.memoryMb = v; return this; }
        public Spec timeoutSeconds(int v) { this.timeoutSeconds = v; return this; }
        public Spec environment(Output<Map<String, String>> v) { this.environment = v; return this; }
        /** The component's {@code network} input: subnets, VPC, and the CIDR and S3 prefix list its egress rules name. */
        public Spec network(NetworkPlacementArgs v) { this.network = v; return this; }
        /** Default: 30. */
        public Spec logRetentionDays(int v) { this.logRetentionDays = v; return this; }
        /** A statement added to the role's inline policy, after the log/ENI/X-Ray ones. */
        public Spec extraStatement(Output<PolicyDocument.Statement> v) { this.extraStatements.add(v); return this; }
        public Spec extraStatements(List<Output<PolicyDocument.Statement>> v) { this.extraStatements.addAll(v); return this; }
        /** Statements whose number is only known once their ARNs resolve; added after {@link #extraStatement}s. */
        public Spec extraStatementList(Output<List<PolicyDocument.Statement>> v) { this.extraStatementLists.add(v); return this; }
        /** Default: off. SnapStart on published versions; the alias always points at the latest version. */
        public Spec snapStart(boolean v) { this.snapStart = v; return this; }
        /** Default: none (unreserved account concurrency). */
        public Spec reservedConcurrency(Integer v) { this.reservedConcurrency = v; return this; }
        public Spec tags(Map<String, String> v) { this.tags = Map.copyOf(v); return this; }
        /** When set: egress to this group only, and a 5432 ingress rule on it from the function's group. */
        public Spec databaseSecurityGroupId(Output<String> v) { this.databaseSecurityGroupId = v; return this; }
        /** Default: 5432. */
        public Spec databasePort(int v) { this.databasePort = v; return this; }

        String runtime() { return runtime; }
        String architecture() { return architecture; }
        String description() { return description; }
        Archive code() { return code; }
        String handler() { return handler; }
        int memoryMb() { return memoryMb; }
        int timeoutSeconds() { return timeoutSeconds; }
        Output<Map<String, String>> environment() { return environment; }
        NetworkPlacementArgs network() { return network; }
        int logRetentionDays() { return logRetentionDays; }
        List<Output<PolicyDocument.Statement>> extraStatements() { return List.copyOf(extraStatements); }
        List<Output<List<PolicyDocument.Statement>>> extraStatementLists() { return List.copyOf(extraStatementLists); }
        boolean snapStart() { return snapStart; }
        Integer reservedConcurrency() { return reservedConcurrency; }
        Map<String, String> tags() { return tags; }
        Output<String> databaseSecurityGroupId() { return databaseSecurityGroupId; }
        int databasePort() { return databasePort; }

        /** Programming errors of the calling component, reported all at once. */
        void validate(String name) {
            List<String> problems = new ArrayList<>();
            if (code == null) problems.add("code is required");
            if (handler == null || handler.isBlank()) problems.add("handler is required");
            if (memoryMb == null || memoryMb < 128 || memoryMb > 10240) problems.add("memoryMb must be 128..10240 (got " + memoryMb + ")");
            if (timeoutSeconds == null || timeoutSeconds < 1 || timeoutSeconds > 900) problems.add("timeoutSeconds must be 1..900 (got " + timeoutSeconds + ")");
            if (environment == null) problems.add("environment is required");
            problems.addAll(NetworkPlacement.problems(network));
            LogRetention.problem(logRetentionDays).ifPresent(p -> problems.add("logRetentionDays " + p));
            if (reservedConcurrency != null && reservedConcurrency < 0) problems.add("reservedConcurrency must be >= 0 (got " + reservedConcurrency + ")");
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("VpcLambda " + name + ": " + String.join("; ", problems));
            }
        }
    }

    /**
     * Creates the function and its companions as children of {@code parent}: {@code name} (function),
     * {@code name-logs}, {@code name-role}, {@code name-policy}, {@code name-sg}, {@code name-egress-*},
     * {@code name-db-ingress} (when a database security group is given), {@code name-alias}.
     */
    public static VpcLambda create(String name, Spec spec, Resource parent) {
        spec.validate(name);
        CustomResourceOptions child = CustomResourceOptions.builder().parent(parent).build();
        InvokeOptions invoke = InvokeOptions.builder().parent(parent).build();
        Map<String, String> tags = spec.tags();

        var logGroup = new LogGroup(name + "-logs", LogGroupArgs.builder()
            .retentionInDays(spec.logRetentionDays())
            .tags(tags)
            .build(), child);

        var securityGroup = new SecurityGroup(name + "-sg", SecurityGroupArgs.builder()
            .description("Lambda " + name + ": no ingress; egress HTTPS to VPC endpoints and S3, database port")
            .vpcId(spec.network().vpcId())
            // The provider removes AWS's default allow-all egress on create; the rules below are the only ones.
            .revokeRulesOnDelete(true)
            .tags(Tags.named(tags, name))
            .build(), child);

        Output<String> vpcCidr = NetworkPlacement.vpcCidr(spec.network(), invoke);
        // S3 is reached through the gateway endpoint, whose addresses are the region's S3 prefix list, not the VPC CIDR.
        Output<String> s3PrefixList = NetworkPlacement.s3PrefixListId(spec.network(), invoke);

        List<Resource> network = new ArrayList<>();
        network.add(new SecurityGroupEgressRule(name + "-egress-https-vpc", SecurityGroupEgressRuleArgs.builder()
            .securityGroupId(securityGroup.id())
            .description("HTTPS to interface endpoints in the VPC")
            .ipProtocol("tcp").fromPort(443).toPort(443)
            .cidrIpv4(vpcCidr)
            .tags(tags)
            .build(), child));
        network.add(new SecurityGroupEgressRule(name + "-egress-https-s3", SecurityGroupEgressRuleArgs.builder()
            .securityGroupId(securityGroup.id())
            .description("HTTPS to S3 through the gateway endpoint")
            .ipProtocol("tcp").fromPort(443).toPort(443)
            .prefixListId(s3PrefixList)
            .tags(tags)
            .build(), child));
        var dbEgress = SecurityGroupEgressRuleArgs.builder()
            .securityGroupId(securityGroup.id())
            .description("PostgreSQL")
            .ipProtocol("tcp").fromPort(spec.databasePort()).toPort(spec.databasePort())
            .tags(tags);
        if (spec.databaseSecurityGroupId() != null) {
            dbEgress.referencedSecurityGroupId(spec.databaseSecurityGroupId());
        } else {
            dbEgress.cidrIpv4(vpcCidr);
        }
        network.add(new SecurityGroupEgressRule(name + "-egress-db", dbEgress.build(), child));
        if (spec.databaseSecurityGroupId() != null) {
            // Clients authorise themselves on the database's group (docs/design.md), so the database needs no
            // list of its callers and there is no cycle between the two components.
            network.add(new SecurityGroupIngressRule(name + "-db-ingress", SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(spec.databaseSecurityGroupId())
                .description("PostgreSQL from Lambda " + name)
                .ipProtocol("tcp").fromPort(spec.databasePort()).toPort(spec.databasePort())
                .referencedSecurityGroupId(securityGroup.id())
                .tags(tags)
                .build(), child));
        }

        var role = new Role(name + "-role", RoleArgs.builder()
            .description("Execution role of Lambda " + name)
            .assumeRolePolicy(PolicyDocument.assumeRole("lambda.amazonaws.com"))
            .tags(tags)
            .build(), child);

        List<Output<PolicyDocument.Statement>> statements = new ArrayList<>(baseStatements(logGroup.arn()));
        statements.addAll(spec.extraStatements());
        var policy = new RolePolicy(name + "-policy", RolePolicyArgs.builder()
            .role(role.id())
            .policy(Output.tuple(Output.all(statements), Output.all(spec.extraStatementLists())).applyValue(t -> {
                List<PolicyDocument.Statement> all = new ArrayList<>(t.t1);
                t.t2.forEach(all::addAll);
                return PolicyDocument.toJson(all);
            }))
            .build(), child);

        var functionArgs = FunctionArgs.builder()
            .description(spec.description() != null ? spec.description() : "ingest-pipeline function " + name)
            .code(spec.code())
            .handler(spec.handler())
            .runtime(spec.runtime())
            .architectures(List.of(spec.architecture()))
            .memorySize(spec.memoryMb())
            .timeout(spec.timeoutSeconds())
            .role(role.arn())
            .environment(FunctionEnvironmentArgs.builder().variables(spec.environment()).build())
            .vpcConfig(FunctionVpcConfigArgs.builder()
                .subnetIds(spec.network().subnetIds())
                .securityGroupIds(securityGroup.id().applyValue(List::of))
                .build())
            .tracingConfig(FunctionTracingConfigArgs.builder().mode("Active").build())
            .loggingConfig(FunctionLoggingConfigArgs.builder()
                .logGroup(logGroup.name())
                .logFormat("JSON")
                .build())
            // Every deploy publishes a version so the alias (and SnapStart, which only applies to versions) follows it.
            .publish(true)
            .tags(tags);
        if (spec.snapStart()) {
            functionArgs.snapStart(FunctionSnapStartArgs.builder().applyOn("PublishedVersions").build());
        }
        if (spec.reservedConcurrency() != null) {
            functionArgs.reservedConcurrentExecutions(spec.reservedConcurrency());
        }
        List<Resource> before = new ArrayList<>(network);
        // Lambda checks at create time that the role may manage ENIs, so the policy must be attached first.
        before.add(policy);
        before.add(logGroup);
        var function = new Function(name, functionArgs.build(),
            CustomResourceOptions.builder().parent(parent).dependsOn(before).build());

        var alias = new Alias(name + "-alias", AliasArgs.builder()
            .name(ALIAS_NAME)
            .description("What callers invoke: the latest published version")
            .functionName(function.name())
            .functionVersion(function.version())
            .build(), child);
        return new VpcLambda(function, alias, role, securityGroup);
    }

    /**
     * Log writing on its own log group, the ENI actions of AWSLambdaVPCAccessExecutionRole, X-Ray.
     */
    static List<Output<PolicyDocument.Statement>> baseStatements(Output<String> logGroupArn) {
        return List.of(
            logGroupArn.applyValue(arn -> PolicyDocument.allow("OwnLogGroup",
                List.of("logs:CreateLogStream", "logs:PutLogEvents"), List.of(arn + ":*"))),
            // The ENI actions of AWSLambdaVPCAccessExecutionRole, scoped where EC2 has resource-level permissions
            // (Service Authorization Reference): CreateNetworkInterface on the new interface, its subnet and
            // security group; Delete/Assign/Unassign on interfaces of this account and region (the Lambda guide,
            // "Configuring VPC access": name the interface or all of them, "arn:aws:ec2:<region>:<account>:*/*").
            logGroupArn.applyValue(arn -> PolicyDocument.allow("CreateNetworkInterfaces",
                List.of("ec2:CreateNetworkInterface"),
                List.of(ec2Arn(arn, "network-interface/*"), ec2Arn(arn, "subnet/*"), ec2Arn(arn, "security-group/*")))),
            logGroupArn.applyValue(arn -> PolicyDocument.allow("ManageNetworkInterfaces",
                List.of("ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"),
                List.of(ec2Arn(arn, "network-interface/*")))),
            // Describe* calls have no resource-level permissions: the Lambda guide says DescribeNetworkInterfaces
            // "only works if it's allowed on all resources", so "*" is the only scope.
            Output.of(PolicyDocument.allow("DescribeNetwork",
                List.of("ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"), List.of("*"))),
            // X-Ray trace APIs have no resource-level permissions (X-Ray IAM docs), so "*" is the only scope.
            Output.of(PolicyDocument.allow("XRayTraces",
                List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), List.of("*"))));
    }

    /** An EC2 ARN in the partition, region and account of {@code logGroupArn} (arn:p:logs:region:account:...). */
    private static String ec2Arn(String logGroupArn, String resource) {
        String[] part = logGroupArn.split(":", 6);
        return "arn:" + part[1] + ":ec2:" + part[3] + ":" + part[4] + ":" + resource;
    }

    public Output<String> functionName() {
        return function.name();
    }

    /** The unqualified function ARN (for IAM and alarms; invoke {@link #aliasArn()}). */
    public Output<String> functionArn() {
        return function.arn();
    }

    /** The ARN callers should invoke and triggers should target: the {@value #ALIAS_NAME} alias. */
    public Output<String> aliasArn() {
        return alias.arn();
    }

    public Alias alias() {
        return alias;
    }

    public Output<String> aliasName() {
        return alias.name();
    }

    public Output<String> roleArn() {
        return role.arn();
    }

    public Output<String> securityGroupId() {
        return securityGroup.id();
    }
}
