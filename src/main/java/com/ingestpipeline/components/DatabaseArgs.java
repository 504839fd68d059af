package com.ingestpipeline.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.List;
import java.util.Optional;

/**
 * Settings for {@link Database}: either an existing database (the five {@code existing*} fields) or the
 * settings for a new RDS PostgreSQL instance, never both. {@code network} places the new
 * instance and the migrate function, the same input as the other components take. Unset fields take the defaults in {@code DatabaseDefaults}.
 */
public final class DatabaseArgs extends ResourceArgs {
    /** Host name of an existing PostgreSQL database. Default: none (an instance is created). */
    @Import(name = "existingHost")
    private Output<String> existingHost;

    /** Port of the existing database. Default: 5432. */
    @Import(name = "existingPort")
    private Integer existingPort;

    /** Database name in the existing server. Default: none. */
    @Import(name = "existingDatabaseName")
    private String existingDatabaseName;

    /** ARN of a Secrets Manager secret with {@code username} and {@code password} for the existing database. Default: none. */
    @Import(name = "existingSecretArn")
    private Output<String> existingSecretArn;

    /** Security group of the existing database, on which clients add their 5432 ingress. Default: none. */
    @Import(name = "existingSecurityGroupId")
    private Output<String> existingSecurityGroupId;

    /** Where the database, its proxy and the migrate function run (Network's placement()): private subnets in at least 2 zones, the VPC, its CIDR (proxy egress to the endpoints, migrate function). Required unless existing and runMigrations=false. Default: none. */
    @Import(name = "network")
    private NetworkPlacementArgs network;

    /** PostgreSQL version: 16 or 17, optionally with a minor version (e.g. 16.9). Default: 17. */
    @Import(name = "engineVersion")
    private String engineVersion;

    /** RDS instance class. Default: db.t4g.micro. */
    @Import(name = "instanceClass")
    private String instanceClass;

    /** Initial gp3 storage in GiB, 20 to 65536. Default: 20. */
    @Import(name = "allocatedStorageGb")
    private Integer allocatedStorageGb;

    /** Storage autoscaling ceiling in GiB, at least 10% above allocatedStorageGb (an RDS rule); 0 turns autoscaling off. Default: 100, or 26% above allocatedStorageGb when that is more. */
    @Import(name = "maxAllocatedStorageGb")
    private Integer maxAllocatedStorageGb;

    /** Name of the database created in the instance. Default: ingest. */
    @Import(name = "databaseName")
    private String databaseName;

    /** Master user name; not postgres, admin, rdsadmin, root or administrator. Default: ingest_admin. */
    @Import(name = "masterUsername")
    private String masterUsername;

    /** Customer-managed KMS key for storage, Performance Insights and the master secret. Default: AWS-managed keys. */
    @Import(name = "kmsKeyArn")
    private Output<String> kmsKeyArn;

    /** Standby in a second zone. Default: false. */
    @Import(name = "multiAz")
    private Boolean multiAz;

    /** Automated backup retention in days, 7 to 35. Default: 7. */
    @Import(name = "backupRetentionDays")
    private Integer backupRetentionDays;

    /** Refuse deletion of the instance. Default: true. */
    @Import(name = "deletionProtection")
    private Boolean deletionProtection;

    /** Take a final snapshot (and keep automated backups) when the instance is deleted. Default: true. */
    @Import(name = "finalSnapshot")
    private Boolean finalSnapshot;

    /** Apply modifications now instead of in the maintenance window. Default: false. */
    @Import(name = "applyImmediately")
    private Boolean applyImmediately;

    /** Performance Insights retention: 7, or a multiple of 31 up to 713, or 731. Default: 7 (free tier). */
    @Import(name = "performanceInsightsRetentionDays")
    private Integer performanceInsightsRetentionDays;

    /** Enhanced monitoring interval in seconds: 0 (off), 1, 5, 10, 15, 30 or 60. Default: 0. */
    @Import(name = "monitoringIntervalSeconds")
    private Integer monitoringIntervalSeconds;

    /** Security groups outside this library that may connect on 5432 (one ingress rule each). Default: none. */
    @Import(name = "allowedSecurityGroupIds")
    private List<String> allowedSecurityGroupIds;

    /** Extra or overriding parameter group entries; rds.force_ssl stays 1. Default: the logging set in DatabaseDefaults. */
    @Import(name = "parameters")
    private List<DatabaseParameterArgs> parameters;

    /** Put an RDS Proxy (TLS required) in front of the instance; {@code host} becomes the proxy endpoint. Default: false. */
    @Import(name = "proxy")
    private Boolean proxy;

    /** Seconds a proxy client connection may idle, 1 to 28800. Default: 1800. */
    @Import(name = "proxyIdleClientTimeoutSeconds")
    private Integer proxyIdleClientTimeoutSeconds;

    /** Create the migrate function and run the schema migrations once per changed migration set. Default: true. */
    @Import(name = "runMigrations")
    private Boolean runMigrations;

    /** Retention of the migrate function's log group in days (a CloudWatch Logs value). Default: 30. */
    @Import(name = "logRetentionDays")
    private Integer logRetentionDays;

    /**
     * Ids of the interface endpoints the migrate function reaches AWS through ({@code Network.interfaceEndpointIds}):
     * the migrations run only once they exist. Default: none (the VPC's endpoints already exist).
     */
    @Import(name = "apiEndpointIds")
    private Output<List<String>> apiEndpointIds;

    /** Tags for every taggable child (plus {@code ingestpipeline:component}). Default: none. */
    @Import(name = "tags")
    private List<TagArgs> tags;

    private DatabaseArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Output<String>> existingHost() { return Optional.ofNullable(existingHost); }
    public Optional<Integer> existingPort() { return Optional.ofNullable(existingPort); }
    public Optional<String> existingDatabaseName() { return Optional.ofNullable(existingDatabaseName); }
    public Optional<Output<String>> existingSecretArn() { return Optional.ofNullable(existingSecretArn); }
    public Optional<Output<String>> existingSecurityGroupId() { return Optional.ofNullable(existingSecurityGroupId); }
    public Optional<NetworkPlacementArgs> network() { return Optional.ofNullable(network); }
    public Optional<String> engineVersion() { return Optional.ofNullable(engineVersion); }
    public Optional<String> instanceClass() { return Optional.ofNullable(instanceClass); }
    public Optional<Integer> allocatedStorageGb() { return Optional.ofNullable(allocatedStorageGb); }
    public Optional<Integer> maxAllocatedStorageGb() { return Optional.ofNullable(maxAllocatedStorageGb); }
    public Optional<String> databaseName() { return Optional.ofNullable(databaseName); }
    public Optional<String> masterUsername() { return Optional.ofNullable(masterUsername); }
    public Optional<Output<String>> kmsKeyArn() { return Optional.ofNullable(kmsKeyArn); }
    public Optional<Boolean> multiAz() { return Optional.ofNullable(multiAz); }
    public Optional<Integer> backupRetentionDays() { return Optional.ofNullable(backupRetentionDays); }
    public Optional<Boolean> deletionProtection() { return Optional.ofNullable(deletionProtection); }
    public Optional<Boolean> finalSnapshot() { return Optional.ofNullable(finalSnapshot); }
    public Optional<Boolean> applyImmediately() { return Optional.ofNullable(applyImmediately); }
    public Optional<Integer> performanceInsightsRetentionDays() { return Optional.ofNullable(performanceInsightsRetentionDays); }
    public Optional<Integer> monitoringIntervalSeconds() { return Optional.ofNullable(monitoringIntervalSeconds); }
    public List<String> allowedSecurityGroupIds() { return allowedSecurityGroupIds == null ? List.of() : allowedSecurityGroupIds; }
    public List<DatabaseParameterArgs> parameters() { return parameters == null ? List.of() : parameters; }
    public Optional<Boolean> proxy() { return Optional.ofNullable(proxy); }
    public Optional<Integer> proxyIdleClientTimeoutSeconds() { return Optional.ofNullable(proxyIdleClientTimeoutSeconds); }
    public Optional<Boolean> runMigrations() { return Optional.ofNullable(runMigrations); }
    public Optional<Integer> logRetentionDays() { return Optional.ofNullable(logRetentionDays); }
    public Optional<Output<List<String>>> apiEndpointIds() { return Optional.ofNullable(apiEndpointIds); }
    public List<TagArgs> tags() { return tags == null ? List.of() : tags; }

    /** Hand-written builder; unset fields stay null and mean "use the default". One build per builder. */
    public static final class Builder {
        private DatabaseArgs a = new DatabaseArgs();

        private DatabaseArgs a() {
            if (a == null) {
                throw new IllegalStateException("DatabaseArgs.Builder was already built; start a new builder()");
            }
            return a;
        }

        public Builder existingHost(Output<String> v) { a().existingHost = v; return this; }
        public Builder existingHost(String v) { return existingHost(Output.of(v)); }
        public Builder existingPort(Integer v) { a().existingPort = v; return this; }
        public Builder existingDatabaseName(String v) { a().existingDatabaseName = v; return this; }
        public Builder existingSecretArn(Output<String> v) { a().existingSecretArn = v; return this; }
        public Builder existingSecretArn(String v) { return existingSecretArn(Output.of(v)); }
        public Builder existingSecurityGroupId(Output<String> v) { a().existingSecurityGroupId = v; return this; }
        public Builder existingSecurityGroupId(String v) { return existingSecurityGroupId(Output.of(v)); }
        public Builder network(NetworkPlacementArgs v) { a().network = v; return this; }
        public Builder engineVersion(String v) { a().engineVersion = v; return this; }
        public Builder instanceClass(String v) { a().instanceClass = v; return this; }
        public Builder allocatedStorageGb(Integer v) { a().allocatedStorageGb = v; return this; }
        public Builder maxAllocatedStorageGb(Integer v) { a().maxAllocatedStorageGb = v; return this; }
        public Builder databaseName(String v) { a().databaseName = v; return this; }
        public Builder masterUsername(String v) { a().masterUsername = v; return this; }
        public Builder kmsKeyArn(Output<String> v) { a().kmsKeyArn = v; return this; }
        public Builder kmsKeyArn(String v) { return kmsKeyArn(Output.of(v)); }
        public Builder multiAz(Boolean v) { a().multiAz = v; return this; }
        public Builder backupRetentionDays(Integer v) { a().backupRetentionDays = v; return this; }
        public Builder deletionProtection(Boolean v) { a().deletionProtection = v; return this; }
        public Builder finalSnapshot(Boolean v) { a().finalSnapshot = v; return this; }
        public Builder applyImmediately(Boolean v) { a().applyImmediately = v; return this; }
        public Builder performanceInsightsRetentionDays(Integer v) { a().performanceInsightsRetentionDays = v; return this; }
        public Builder monitoringIntervalSeconds(Integer v) { a().monitoringIntervalSeconds = v; return this; }
        public Builder allowedSecurityGroupIds(List<String> v) { a().allowedSecurityGroupIds = v == null ? null : List.copyOf(v); return this; }
        public Builder parameters(List<DatabaseParameterArgs> v) { a().parameters = v == null ? null : List.copyOf(v); return this; }
        public Builder proxy(Boolean v) { a().proxy = v; return this; }
        public Builder proxyIdleClientTimeoutSeconds(Integer v) { a().proxyIdleClientTimeoutSeconds = v; return this; }
        public Builder runMigrations(Boolean v) { a().runMigrations = v; return this; }
        public Builder logRetentionDays(Integer v) { a().logRetentionDays = v; return this; }
        public Builder apiEndpointIds(Output<List<String>> v) { a().apiEndpointIds = v; return this; }
        public Builder tags(List<TagArgs> v) { a().tags = v == null ? null : List.copyOf(v); return this; }

        /** The args; the builder is spent afterwards, so nothing can change Args a component already holds. */
        public DatabaseArgs build() {
            DatabaseArgs out = a();
            a = null;
            return out;
        }
    }
}
