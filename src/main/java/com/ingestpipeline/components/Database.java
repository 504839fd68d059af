package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.internal.AwsLocation;
import com.ingestpipeline.components.internal.AutoNames;
import com.ingestpipeline.components.internal.BundledArtifacts;
import com.ingestpipeline.components.internal.DatabaseClient;
import com.ingestpipeline.components.internal.NetworkPlacement;
import com.ingestpipeline.components.internal.PolicyDocument;
import com.ingestpipeline.components.internal.Tags;
import com.ingestpipeline.components.internal.VpcLambda;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.lambda.Invocation;
import com.pulumi.aws.lambda.InvocationArgs;
import com.pulumi.aws.rds.Instance;
import com.pulumi.aws.rds.InstanceArgs;
import com.pulumi.aws.rds.ParameterGroup;
import com.pulumi.aws.rds.ParameterGroupArgs;
import com.pulumi.aws.rds.Proxy;
import com.pulumi.aws.rds.ProxyArgs;
import com.pulumi.aws.rds.ProxyDefaultTargetGroup;
import com.pulumi.aws.rds.ProxyDefaultTargetGroupArgs;
import com.pulumi.aws.rds.ProxyTarget;
import com.pulumi.aws.rds.ProxyTargetArgs;
import com.pulumi.aws.rds.SubnetGroup;
import com.pulumi.aws.rds.SubnetGroupArgs;
import com.pulumi.aws.rds.inputs.ParameterGroupParameterArgs;
import com.pulumi.aws.rds.inputs.ProxyAuthArgs;
import com.pulumi.aws.rds.inputs.ProxyDefaultTargetGroupConnectionPoolConfigArgs;
import com.pulumi.aws.rds.outputs.InstanceMasterUserSecret;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RDS PostgreSQL for the pipeline, private and encrypted, with the RDS-managed master secret, TLS enforced,
 * backups, log exports and Performance Insights; optionally an RDS Proxy. Or an existing database. Either way
 * it owns the schema: a migrate function, invoked once per changed migration set.
 *
 * <p>Clients authorise themselves by adding a 5432 ingress rule on {@link #securityGroupId} (docs/design.md).
 */
public final class Database extends ComponentResource {
    public static final String TYPE = "ingestpipeline:index:Database";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What clients connect to: the proxy endpoint when the proxy is on, else the instance address. */
    @Export(name = "host", refs = {String.class})
    public final Output<String> host;

    @Export(name = "port", refs = {Integer.class})
    public final Output<Integer> port;

    @Export(name = "databaseName", refs = {String.class})
    public final Output<String> databaseName;

    /** The secret with {@code username} and {@code password} (RDS-managed for a created instance). */
    @Export(name = "secretArn", refs = {String.class})
    public final Output<String> secretArn;

    /** The group clients add their 5432 ingress to (shared by instance and proxy). */
    @Export(name = "securityGroupId", refs = {String.class})
    public final Output<String> securityGroupId;

    /** ARN of the created instance; null for an existing database. */
    @Export(name = "instanceArn", refs = {String.class})
    public final Output<String> instanceArn;

    /** sha256 of the bundled migration set the migrate function last ran; null when migrations are off. */
    @Export(name = "migrationsHash", refs = {String.class})
    public final Output<String> migrationsHash;

    /** Name of the migrate function; null when migrations are off. */
    @Export(name = "migrateFunctionName", refs = {String.class})
    public final Output<String> migrateFunctionName;

    // No @Export: wiring for Java programs (connection()), not an output of the multi-language component.
    private final DatabaseConnectionArgs connection;

    public Database(String name, DatabaseArgs args, ComponentResourceOptions opts) {
        // Validated before super(): bad args fail before anything, even the component itself, is registered.
        super(TYPE, name, validated(name, args), opts);
        DatabaseDefaults.Settings s = DatabaseDefaults.resolve(args);
        Map<String, String> tags = Tags.of(name, args.tags());
        Output<String> directHost;
        if (s.existing()) {
            this.host = args.existingHost().orElseThrow();
            directHost = this.host;
            this.secretArn = args.existingSecretArn().orElseThrow();
            this.securityGroupId = args.existingSecurityGroupId().orElseThrow();
            this.instanceArn = Output.ofNullable(null);
        } else {
            Created created = create(name, args, s, tags);
            this.host = created.proxy == null ? created.instance.address() : created.proxy.endpoint();
            directHost = created.instance.address();
            this.secretArn = created.secretArn;
            this.securityGroupId = created.securityGroup.id();
            this.instanceArn = created.instance.arn();
        }
        this.port = Output.of(s.port());
        this.databaseName = Output.of(s.databaseName());
        allowCallers(name, args.allowedSecurityGroupIds(), s.port(), tags);

        Output<String> clientHost = host;
        if (s.runMigrations()) {
            Output<String> trigger = s.existing() ? directHost : this.instanceArn;
            Migrations m = migrate(name, args, s, directHost, trigger, tags);
            this.migrationsHash = m.hash;
            this.migrateFunctionName = m.functionName;
            // Clients get the host only once the migrations have run (the hash output carries the
            // invocation as a dependency), so new code never starts against the old schema. A deploy
            // that changes the migrations shows the clients' environments as unknown in preview.
            clientHost = Output.tuple(host, m.hash).applyValue(t -> t.t1);
        } else {
            this.migrationsHash = Output.ofNullable(null);
            this.migrateFunctionName = Output.ofNullable(null);
        }
        this.connection = DatabaseConnectionArgs.builder().host(clientHost).port(s.port()).name(databaseName)
            .secretArn(secretArn).secretKmsKeyArn(args.kmsKeyArn().orElse(null)).securityGroupId(securityGroupId)
            .build();

        Map<String, Output<?>> outputs = new LinkedHashMap<>();
        outputs.put("host", host);
        outputs.put("port", port);
        outputs.put("databaseName", databaseName);
        outputs.put("secretArn", secretArn);
        outputs.put("securityGroupId", securityGroupId);
        outputs.put("instanceArn", instanceArn);
        outputs.put("migrationsHash", migrationsHash);
        outputs.put("migrateFunctionName", migrateFunctionName);
        registerOutputs(outputs);
    }

    /**
     * This database as a client component's {@code database} input: {@link #host} (the proxy when it is on), the
     * port, name and secret, the secret's KMS key ({@code kmsKeyArn}), and {@link #securityGroupId} for the
     * client's own ingress rule. sslMode is left at the client's default (verify-full); change it with
     * {@code DatabaseConnectionArgs.builder(database.connection()).sslMode(...)}.
     */
    public DatabaseConnectionArgs connection() {
        return connection;
    }

    private static DatabaseArgs validated(String name, DatabaseArgs args) {
        DatabaseDefaults.Settings s = DatabaseDefaults.resolve(args);
        List<AutoNames.Child> children = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (s.runMigrations()) {
            children.add(new AutoNames.Child("migrate function", name + "-migrate", AutoNames.FUNCTION));
            children.add(new AutoNames.Child("migrate function role", name + "-migrate-role", AutoNames.ROLE));
        }
        if (!s.existing()) {
            children.add(new AutoNames.Child("DB instance identifier", name + "-instance", AutoNames.RDS_IDENTIFIER));
            if (s.monitoringIntervalSeconds() > 0) {
                children.add(new AutoNames.Child("monitoring role", name + "-monitoring-role", AutoNames.ROLE));
            }
            if (s.proxy()) {
                children.add(new AutoNames.Child("proxy role", name + "-proxy-role", AutoNames.ROLE));
            }
            // The instance and parameter group are auto-named from the component name, and RDS takes only
            // letters, digits and single hyphens there (a stack named "dev_eu" would not deploy).
            problems.addAll(AutoNames.rdsChars(name));
        }
        problems.addAll(AutoNames.tooLong(children));
        AutoNames.check("Database", name, problems);
        return args;
    }

    private record Created(Instance instance, SecurityGroup securityGroup, Output<String> secretArn, Proxy proxy) {
    }

    private record Migrations(Output<String> hash, Output<String> functionName) {
    }

    private Created create(String name, DatabaseArgs args, DatabaseDefaults.Settings s, Map<String, String> tags) {
        NetworkPlacementArgs network = args.network().orElseThrow();
        Output<String> vpcId = network.vpcId();
        Output<List<String>> subnetIds = network.subnetIds();
        var sg = new SecurityGroup(name + "-sg", SecurityGroupArgs.builder()
            .vpcId(vpcId)
            // No inline rules: the provider then strips AWS's default allow-all egress (a database initiates no
            // connections), and clients' separate ingress rules are never fought over.
            .description("PostgreSQL " + name + ": 5432 only from client security groups")
            .revokeRulesOnDelete(true)
            .tags(Tags.named(tags, name))
            .build(), child());

        var subnetGroup = new SubnetGroup(name + "-subnets", SubnetGroupArgs.builder()
            .description("Private subnets of " + name)
            .subnetIds(subnetIds)
            .tags(tags)
            .build(), child());

        List<ParameterGroupParameterArgs> parameters = s.parameters().stream()
            .map(p -> ParameterGroupParameterArgs.builder().name(p.name()).value(p.value()).applyMethod(p.applyMethod()).build())
            .toList();
        var parameterGroup = new ParameterGroup(name + "-params", ParameterGroupArgs.builder()
            .family(s.family())
            .description("TLS-only PostgreSQL with connection, lock and slow-statement logging (" + name + ")")
            .parameters(parameters)
            .tags(tags)
            .build(), child());

        String identifier = DatabaseDefaults.instanceIdentifier(name);
        // RDS creates /aws/rds/instance/<id>/<log type> itself on the first export, with no retention (RDS user
        // guide, "Publishing PostgreSQL logs to Amazon CloudWatch Logs"); owned here, they exist first and expire.
        List<Resource> logGroups = new ArrayList<>();
        for (String logType : DatabaseDefaults.LOG_EXPORTS) {
            logGroups.add(new LogGroup(name + "-log-" + logType, LogGroupArgs.builder()
                .name(DatabaseDefaults.exportLogGroupName(identifier, logType))
                .retentionInDays(s.logRetentionDays())
                .tags(tags)
                .build(), child()));
        }
        var instance = new Instance(name + "-instance",
            instanceArgs(name, identifier, args, s, sg, subnetGroup, parameterGroup, tags).build(),
            CustomResourceOptions.builder().parent(this).dependsOn(logGroups)
                // The identifier is fixed (the log groups are named after it), so a replacement cannot create the new
                // instance first: RDS would refuse the taken identifier. Deletion protection still stops it.
                .deleteBeforeReplace(true).build());
        Output<String> secretArn = instance.masterUserSecrets().applyValue(Database::secretArnOf);

        Proxy proxy = s.proxy() ? createProxy(name, args, s, sg, subnetIds, instance, secretArn, tags) : null;
        return new Created(instance, sg, secretArn, proxy);
    }

    private InstanceArgs.Builder instanceArgs(String name, String identifier, DatabaseArgs args,
                                              DatabaseDefaults.Settings s, SecurityGroup sg, SubnetGroup subnetGroup,
                                              ParameterGroup parameterGroup, Map<String, String> tags) {
        var b = InstanceArgs.builder()
            .identifier(identifier)
            .engine("postgres")
            .engineVersion(s.engineVersion())
            // Major upgrades change the parameter group family and need a deliberate change here.
            .allowMajorVersionUpgrade(false)
            .autoMinorVersionUpgrade(true)
            .instanceClass(s.instanceClass())
            .storageType("gp3")
            .allocatedStorage(s.allocatedStorageGb())
            .maxAllocatedStorage(s.maxAllocatedStorageGb())
            .storageEncrypted(true)
            .dbName(s.databaseName())
            .username(s.masterUsername())
            // RDS keeps the password in Secrets Manager and rotates it; it never passes through Pulumi state.
            .manageMasterUserPassword(true)
            .iamDatabaseAuthenticationEnabled(true)
            .port(s.port())
            .dbSubnetGroupName(subnetGroup.name())
            .vpcSecurityGroupIds(sg.id().applyValue(List::of))
            .parameterGroupName(parameterGroup.name())
            .caCertIdentifier(DatabaseDefaults.CA_CERT_IDENTIFIER)
            .publiclyAccessible(false)
            .multiAz(s.multiAz())
            .backupRetentionPeriod(s.backupRetentionDays())
            .copyTagsToSnapshot(true)
            .deletionProtection(s.deletionProtection())
            .skipFinalSnapshot(!s.finalSnapshot())
            .deleteAutomatedBackups(!s.finalSnapshot())
            .applyImmediately(s.applyImmediately())
            .enabledCloudwatchLogsExports(DatabaseDefaults.LOG_EXPORTS)
            .performanceInsightsEnabled(true)
            .performanceInsightsRetentionPeriod(s.performanceInsightsRetentionDays())
            .tags(tags);
        if (s.finalSnapshot()) {
            // A constant name fails the second deletion or replacement with DBSnapshotAlreadyExists. The subnet
            // group's auto-generated name is new for every new stack (Pulumi adds a random suffix), and the inputs
            // whose change replaces the instance are hashed in, so each database gets its own name, stable for
            // its lifetime.
            Output<String> kmsKey = args.kmsKeyArn().orElse(Output.of(""));
            b.finalSnapshotIdentifier(Output.tuple(subnetGroup.name(), kmsKey).applyValue(t ->
                DatabaseDefaults.finalSnapshotIdentifier(identifier, String.join("|", t.t1, t.t2, s.databaseName(),
                    s.masterUsername(), Integer.toString(s.port())))));
        }
        args.kmsKeyArn().ifPresent(key -> b.kmsKeyId(key).performanceInsightsKmsKeyId(key).masterUserSecretKmsKeyId(key));
        if (s.monitoringIntervalSeconds() > 0) {
            b.monitoringInterval(s.monitoringIntervalSeconds()).monitoringRoleArn(monitoringRole(name, tags));
        }
        return b;
    }

    private Output<String> monitoringRole(String name, Map<String, String> tags) {
        var role = new Role(name + "-monitoring-role", RoleArgs.builder()
            .description("Enhanced monitoring of " + name)
            .assumeRolePolicy(serviceTrust("monitoring.rds.amazonaws.com"))
            .tags(tags)
            .build(), child());
        var attachment = new RolePolicyAttachment(name + "-monitoring-policy", RolePolicyAttachmentArgs.builder()
            .role(role.name())
            .policyArn(AwsFunctions.getPartition().applyValue(p ->
                "arn:" + p.partition() + ":iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"))
            .build(), child());
        // RDS checks the role's permissions when monitoring is turned on: hand the ARN over only once attached.
        return Output.tuple(role.arn(), attachment.id()).applyValue(t -> t.t1);
    }

    private Proxy createProxy(String name, DatabaseArgs args, DatabaseDefaults.Settings s, SecurityGroup sg,
                              Output<List<String>> subnetIds, Instance instance, Output<String> secretArn,
                              Map<String, String> tags) {
        // Instance and proxy share one group, so a client's single ingress rule reaches either; the proxy reaches
        // the instance through this self-reference.
        new SecurityGroupIngressRule(name + "-proxy-to-instance-in", SecurityGroupIngressRuleArgs.builder()
            .securityGroupId(sg.id())
            .description("PostgreSQL from the RDS Proxy")
            .ipProtocol("tcp").fromPort(s.port()).toPort(s.port())
            .referencedSecurityGroupId(sg.id())
            .tags(tags)
            .build(), child());
        new SecurityGroupEgressRule(name + "-proxy-to-instance-out", SecurityGroupEgressRuleArgs.builder()
            .securityGroupId(sg.id())
            .description("RDS Proxy to the instance")
            .ipProtocol("tcp").fromPort(s.port()).toPort(s.port())
            .referencedSecurityGroupId(sg.id())
            .tags(tags)
            .build(), child());

        // The proxy fetches the secret from inside the VPC: without HTTPS to the Secrets Manager endpoint its targets
        // stay PENDING_PROXY_CAPACITY. Scoped to the VPC CIDR, where the interface endpoints live.
        Output<String> vpcCidr = NetworkPlacement.vpcCidr(args.network().orElseThrow(), InvokeOptions.Empty);
        new SecurityGroupEgressRule(name + "-proxy-to-endpoints", SecurityGroupEgressRuleArgs.builder()
            .securityGroupId(sg.id())
            .description("RDS Proxy to the Secrets Manager endpoint")
            .ipProtocol("tcp").fromPort(443).toPort(443)
            .cidrIpv4(vpcCidr)
            .tags(tags)
            .build(), child());

        var role = new Role(name + "-proxy-role", RoleArgs.builder()
            .description("Lets the RDS Proxy of " + name + " read the master secret")
            .assumeRolePolicy(serviceTrust("rds.amazonaws.com"))
            .tags(tags)
            .build(), child());
        var rolePolicy = new RolePolicy(name + "-proxy-policy", RolePolicyArgs.builder()
            .role(role.id())
            .policy(PolicyDocument.render(DatabaseClient.secretStatements(secretArn, args.kmsKeyArn().orElse(null),
                InvokeOptions.Empty)))
            .build(), child());
        var proxy = new Proxy(name + "-proxy", ProxyArgs.builder()
            .engineFamily("POSTGRESQL")
            .requireTls(true)
            .debugLogging(false)
            .idleClientTimeout(s.proxyIdleClientTimeoutSeconds())
            .roleArn(role.arn())
            .vpcSubnetIds(subnetIds)
            .vpcSecurityGroupIds(sg.id().applyValue(List::of))
            .auths(secretArn.applyValue(arn -> List.of(ProxyAuthArgs.builder()
                .authScheme("SECRETS")
                .secretArn(arn)
                .iamAuth("DISABLED")
                .clientPasswordAuthType("POSTGRES_SCRAM_SHA_256")
                .description("RDS-managed master secret")
                .build())))
            .tags(tags)
            .build(),
            // The proxy reads the secret as soon as it exists: without the policy its targets stay unavailable.
            CustomResourceOptions.builder().parent(this).dependsOn(rolePolicy).build());
        var targetGroup = new ProxyDefaultTargetGroup(name + "-proxy-targets", ProxyDefaultTargetGroupArgs.builder()
            .dbProxyName(proxy.name())
            .connectionPoolConfig(ProxyDefaultTargetGroupConnectionPoolConfigArgs.builder()
                // Leaves headroom on the instance for migrations and an operator's session.
                .maxConnectionsPercent(DatabaseConnections.PROXY_MAX_CONNECTIONS_PERCENT)
                .connectionBorrowTimeout(120)
                .build())
            .build(), child());
        new ProxyTarget(name + "-proxy-target", ProxyTargetArgs.builder()
            .dbProxyName(proxy.name())
            .targetGroupName(targetGroup.name())
            .dbInstanceIdentifier(instance.identifier())
            .build(), child());
        return proxy;
    }

    /** One 5432 ingress rule per caller-named group (clients outside this library). */
    private void allowCallers(String name, List<String> groupIds, int port, Map<String, String> tags) {
        for (int i = 0; i < groupIds.size(); i++) {
            new SecurityGroupIngressRule(name + "-allow-" + i, SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(securityGroupId)
                .description("PostgreSQL from " + groupIds.get(i))
                .ipProtocol("tcp").fromPort(port).toPort(port)
                .referencedSecurityGroupId(groupIds.get(i))
                .tags(tags)
                .build(), child());
        }
    }

    private Migrations migrate(String name, DatabaseArgs args, DatabaseDefaults.Settings s, Output<String> directHost,
                               Output<String> databaseIdentity, Map<String, String> tags) {
        String hash = BundledArtifacts.migrationsHash();
        // Migrations talk to the instance directly, not through the proxy: Flyway's session-level advisory lock
        // would pin a proxy connection anyway, and the instance exists before the proxy is ready.
        DatabaseClient direct = DatabaseClient.of(DatabaseConnectionArgs.builder().host(directHost).port(s.port())
            .name(s.databaseName()).secretArn(secretArn).secretKmsKeyArn(args.kmsKeyArn().orElse(null)).build());
        Output<Map<String, String>> environment = direct.environment().applyValue(db -> {
            Map<String, String> env = new LinkedHashMap<>(db);
            env.put("POWERTOOLS_SERVICE_NAME", "migrate");
            env.put("POWERTOOLS_LOG_LEVEL", "INFO");
            return Map.copyOf(env);
        });
        VpcLambda function = VpcLambda.create(name + "-migrate", VpcLambda.Spec.builder()
            .code(BundledArtifacts.ingestFunction().archive())
            .handler(DatabaseDefaults.MIGRATE_HANDLER)
            .description("Applies the bundled schema migrations to " + name)
            .memoryMb(DatabaseDefaults.MIGRATE_MEMORY_MB)
            .timeoutSeconds(DatabaseDefaults.MIGRATE_TIMEOUT_SECONDS)
            .environment(environment)
            .network(args.network().orElseThrow())
            .logRetentionDays(s.logRetentionDays())
            .extraStatements(direct.secretStatements(InvokeOptions.Empty))
            // Adds the 5432 ingress on the database group; the function depends on it, so the invocation does too.
            .databaseSecurityGroupId(securityGroupId)
            .databasePort(s.port())
            .tags(tags)
            .build(), this);

        String inputJson = JSON.createObjectNode().put("migrationsHash", hash).toString();
        // The function reads its secret through the Secrets Manager endpoint: with an existing database on a new
        // network nothing else would order the invocation after the endpoints (their ids carry the dependency).
        Output<String> input = args.apiEndpointIds()
            .map(ids -> Output.tuple(ids, Output.of(inputJson)).applyValue(t -> t.t2))
            .orElse(Output.of(inputJson));
        // A new hash (changed migrations) or a new database replaces the invocation, which runs the function once.
        Output<Map<String, String>> triggers = databaseIdentity.applyValue(id -> Map.of(
            "migrationsHash", hash, "database", id));
        var invocation = new Invocation(name + "-migrations", InvocationArgs.builder()
            .functionName(function.functionName())
            .qualifier(function.aliasName())
            .input(input)
            .triggers(triggers)
            .build(), child());
        return new Migrations(Output.tuple(invocation.id(), Output.of(hash)).applyValue(t -> t.t2), function.functionName());
    }

    private static Output<String> serviceTrust(String service) {
        return AwsLocation.account(InvokeOptions.Empty).applyValue(account -> DatabasePolicies.serviceTrust(service, account));
    }

    private static String secretArnOf(List<InstanceMasterUserSecret> secrets) {
        return secrets.stream().findFirst().flatMap(InstanceMasterUserSecret::secretArn).orElseThrow(() ->
            new IllegalStateException("RDS reported no master user secret although manageMasterUserPassword is on"));
    }

    private CustomResourceOptions child() {
        return CustomResourceOptions.builder().parent(this).build();
    }
}
