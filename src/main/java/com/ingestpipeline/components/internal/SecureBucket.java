package com.ingestpipeline.components.internal;

import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.BucketLoggingV2;
import com.pulumi.aws.s3.BucketLoggingV2Args;
import com.pulumi.aws.s3.BucketOwnershipControls;
import com.pulumi.aws.s3.BucketOwnershipControlsArgs;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.s3.BucketVersioningV2Args;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketOwnershipControlsRuleArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketVersioningV2VersioningConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A private, encrypted, versioned S3 bucket built from {@code BucketV2} and its separate V2 settings
 * resources (the inline BucketV2 settings are deprecated in aws 6.x). Used by every component that owns a
 * bucket, so all of them share one secure shape.
 */
public final class SecureBucket {
    private final BucketV2 bucket;
    private final List<Resource> dependencies;

    private SecureBucket(BucketV2 bucket, List<Resource> dependencies) {
        this.bucket = bucket;
        this.dependencies = List.copyOf(dependencies);
    }

    /** Settings of one bucket. Everything is optional; {@link #defaults()} is the secure baseline. */
    public static final class Options {
        private String bucketName;
        private Output<String> kmsKeyArn;
        private int noncurrentVersionExpirationDays = 30;
        private int abortIncompleteMultipartDays = 7;
        private Output<String> accessLogBucketName;
        private String accessLogPrefix;
        private boolean forceDestroy;
        private Output<String> logDeliveryAccountId;
        private int logExpirationDays;
        private final List<Output<PolicyDocument.Statement>> extraPolicyStatements = new ArrayList<>();

        private Options() {
        }

        /** S3-managed encryption, 30-day noncurrent expiry, 7-day multipart abort, no access log. */
        public static Options defaults() {
            return new Options();
        }

        /** A fixed bucket name; null lets Pulumi auto-name it (the default, avoids global name clashes). */
        public Options bucketName(String value) {
            this.bucketName = value;
            return this;
        }

        /** SSE-KMS with this key (bucket keys on, to cut KMS request cost); null keeps SSE-S3. */
        public Options kmsKeyArn(Output<String> value) {
            this.kmsKeyArn = value;
            return this;
        }

        public Options noncurrentVersionExpirationDays(int value) {
            this.noncurrentVersionExpirationDays = value;
            return this;
        }

        public Options abortIncompleteMultipartDays(int value) {
            this.abortIncompleteMultipartDays = value;
            return this;
        }

        /**
         * Server access logs go to this (existing) bucket; null turns access logging off. The target must be in the
         * same account and region, use SSE-S3 (S3 does not deliver access logs to an SSE-KMS target) and allow
         * {@code logging.s3.amazonaws.com} s3:PutObject in its bucket policy, conditioned on this bucket's ARN and
         * account; otherwise S3 refuses the logging configuration or silently delivers nothing.
         */
        public Options accessLogBucketName(Output<String> value) {
            this.accessLogBucketName = value;
            return this;
        }

        /** Key prefix of the access logs. Default: {@code s3-access/<bucket resource name>/}. */
        public Options accessLogPrefix(String value) {
            this.accessLogPrefix = value;
            return this;
        }

        /** Lets {@code pulumi destroy} delete a non-empty bucket (dev stacks only). */
        public Options forceDestroy(boolean value) {
            this.forceDestroy = value;
            return this;
        }

        /**
         * Makes this the target of S3 server access logs: {@code logging.s3.amazonaws.com} may s3:PutObject under
         * {@code s3-access/} for source buckets of {@code accountId} only (aws:SourceAccount, the confused-deputy
         * guard AWS documents for log delivery; ACL grants do not work on an ACL-disabled bucket), and logs expire
         * after {@code expirationDays}. S3 delivers access logs only to SSE-S3 targets, so a KMS key is refused.
         */
        public Options accessLogTarget(Output<String> accountId, int expirationDays) {
            this.logDeliveryAccountId = Objects.requireNonNull(accountId, "accountId");
            this.logExpirationDays = expirationDays;
            return this;
        }

        /** More bucket policy statements, rendered after the deny-non-TLS ones. */
        public Options extraPolicyStatement(Output<PolicyDocument.Statement> statement) {
            this.extraPolicyStatements.add(Objects.requireNonNull(statement, "statement"));
            return this;
        }
    }

    /**
     * Creates the bucket and its settings as children of {@code parent}; child names are {@code name} and
     * {@code name-<setting>}.
     */
    public static SecureBucket create(String name, Options options, Map<String, String> tags, Resource parent) {
        Objects.requireNonNull(options, "options");
        if (options.noncurrentVersionExpirationDays < 1) {
            throw new IllegalArgumentException("SecureBucket " + name + ": noncurrentVersionExpirationDays must be >= 1 (got "
                + options.noncurrentVersionExpirationDays + ")");
        }
        if (options.abortIncompleteMultipartDays < 1) {
            throw new IllegalArgumentException("SecureBucket " + name + ": abortIncompleteMultipartDays must be >= 1 (got "
                + options.abortIncompleteMultipartDays + ")");
        }
        if (options.logDeliveryAccountId != null && options.kmsKeyArn != null) {
            throw new IllegalArgumentException("SecureBucket " + name + ": an access-log target must use SSE-S3"
                + " (S3 does not deliver server access logs to an SSE-KMS bucket); drop kmsKeyArn");
        }
        if (options.logDeliveryAccountId != null && options.accessLogBucketName != null) {
            throw new IllegalArgumentException("SecureBucket " + name + ": an access-log target is not itself logged"
                + " (it would log its own deliveries); drop accessLogBucketName");
        }
        CustomResourceOptions child = CustomResourceOptions.builder().parent(parent).build();

        BucketV2Args.Builder bucketArgs = BucketV2Args.builder().forceDestroy(options.forceDestroy).tags(tags);
        if (options.bucketName != null) {
            bucketArgs.bucket(options.bucketName);
        }
        BucketV2 bucket = new BucketV2(name, bucketArgs.build(), child);

        var publicAccessBlock = new BucketPublicAccessBlock(name + "-pab", BucketPublicAccessBlockArgs.builder()
            .bucket(bucket.id())
            .blockPublicAcls(true)
            .blockPublicPolicy(true)
            .ignorePublicAcls(true)
            .restrictPublicBuckets(true)
            .build(), child);

        var ownership = new BucketOwnershipControls(name + "-ownership", BucketOwnershipControlsArgs.builder()
            .bucket(bucket.id())
            .rule(BucketOwnershipControlsRuleArgs.builder().objectOwnership("BucketOwnerEnforced").build())
            .build(), child);

        var byDefault = BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs.builder();
        if (options.kmsKeyArn != null) {
            byDefault.sseAlgorithm("aws:kms").kmsMasterKeyId(options.kmsKeyArn);
        } else {
            byDefault.sseAlgorithm("AES256");
        }
        var encryption = new BucketServerSideEncryptionConfigurationV2(name + "-sse",
            BucketServerSideEncryptionConfigurationV2Args.builder()
                .bucket(bucket.id())
                .rules(BucketServerSideEncryptionConfigurationV2RuleArgs.builder()
                    .applyServerSideEncryptionByDefault(byDefault.build())
                    .bucketKeyEnabled(options.kmsKeyArn != null)
                    .build())
                .build(), child);

        var versioning = new BucketVersioningV2(name + "-versioning", BucketVersioningV2Args.builder()
            .bucket(bucket.id())
            .versioningConfiguration(BucketVersioningV2VersioningConfigurationArgs.builder().status("Enabled").build())
            .build(), child);

        List<BucketLifecycleConfigurationV2RuleArgs> rules = new ArrayList<>();
        if (options.logDeliveryAccountId != null) {
            rules.add(BucketLifecycleConfigurationV2RuleArgs.builder()
                .id("expire-access-logs")
                .status("Enabled")
                .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                .expiration(BucketLifecycleConfigurationV2RuleExpirationArgs.builder().days(options.logExpirationDays).build())
                .build());
        }
        rules.addAll(List.of(
                BucketLifecycleConfigurationV2RuleArgs.builder()
                    .id("expire-noncurrent-versions")
                    .status("Enabled")
                    .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                    .noncurrentVersionExpiration(BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs.builder()
                        .noncurrentDays(options.noncurrentVersionExpirationDays).build())
                    .build(),
                BucketLifecycleConfigurationV2RuleArgs.builder()
                    .id("abort-incomplete-multipart-uploads")
                    .status("Enabled")
                    .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                    .abortIncompleteMultipartUpload(BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs.builder()
                        .daysAfterInitiation(options.abortIncompleteMultipartDays).build())
                    .build()));
        // Lifecycle rules on a versioned bucket must wait for versioning, or noncurrent rules race its enablement.
        var lifecycle = new BucketLifecycleConfigurationV2(name + "-lifecycle", BucketLifecycleConfigurationV2Args.builder()
            .bucket(bucket.id())
            .rules(rules)
            .build(), CustomResourceOptions.builder().parent(parent).dependsOn(versioning).build());

        List<Output<PolicyDocument.Statement>> statements = new ArrayList<>(denyInsecureTransport(bucket.arn()));
        if (options.logDeliveryAccountId != null) {
            statements.add(Output.tuple(bucket.arn(), options.logDeliveryAccountId).applyValue(t ->
                PolicyDocument.allow("AllowS3AccessLogDelivery", List.of("s3:PutObject"), List.of(t.t1 + "/s3-access/*"))
                    .withPrincipalService("logging.s3.amazonaws.com")
                    .when("StringEquals", "aws:SourceAccount", t.t2)));
        }
        statements.addAll(options.extraPolicyStatements);
        // S3 rejects a bucket policy while the public access block is still being applied ("conflicting
        // conditional operation"), so the policy waits for it.
        var policy = new BucketPolicy(name + "-policy", BucketPolicyArgs.builder()
            .bucket(bucket.id())
            .policy(PolicyDocument.render(statements))
            .build(), CustomResourceOptions.builder().parent(parent).dependsOn(publicAccessBlock, ownership).build());

        List<Resource> deps = new ArrayList<>(List.of(publicAccessBlock, ownership, encryption, versioning, lifecycle, policy));
        if (options.accessLogBucketName != null) {
            String prefix = options.accessLogPrefix != null ? options.accessLogPrefix : "s3-access/" + name + "/";
            deps.add(new BucketLoggingV2(name + "-logging", BucketLoggingV2Args.builder()
                .bucket(bucket.id())
                .targetBucket(options.accessLogBucketName)
                .targetPrefix(prefix)
                .build(), child));
        }
        return new SecureBucket(bucket, deps);
    }

    /**
     * Deny any request not made over TLS 1.2+ (Security Hub S3.5): one statement for plain HTTP, one for
     * old TLS versions.
     */
    static List<Output<PolicyDocument.Statement>> denyInsecureTransport(Output<String> bucketArn) {
        return List.of(
            bucketArn.applyValue(arn -> PolicyDocument.deny("DenyInsecureTransport", List.of("s3:*"),
                    List.of(arn, arn + "/*"))
                .withAnyPrincipal()
                .when("Bool", "aws:SecureTransport", "false")),
            bucketArn.applyValue(arn -> PolicyDocument.deny("DenyOutdatedTls", List.of("s3:*"),
                    List.of(arn, arn + "/*"))
                .withAnyPrincipal()
                .when("NumericLessThan", "s3:TlsVersion", "1.2")));
    }

    /** The bucket resource itself. */
    public BucketV2 bucket() {
        return bucket;
    }

    public Output<String> bucketName() {
        return bucket.bucket();
    }

    public Output<String> arn() {
        return bucket.arn();
    }

    /** What must exist before anything writes to the bucket or configures notifications on it. */
    public List<Resource> dependencies() {
        return dependencies;
    }
}
