package com.ingestpipeline.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.Optional;

/**
 * Settings of the data bucket an {@link IngestPipeline} creates. The bucket is always private,
 * encrypted, versioned, ACL-free and TLS-only; these settings tune the rest.
 */
public final class IngestBucketArgs extends ResourceArgs {
    /** Fixed bucket name (globally unique). Default: auto-named by Pulumi. */
    @Import(name = "bucketName")
    private String bucketName;

    /** KMS key ARN for SSE-KMS (with S3 bucket keys). Default: SSE-S3 (AES256). */
    @Import(name = "kmsKeyArn")
    private Output<String> kmsKeyArn;

    /** Existing bucket that receives server access logs: same account and region, default encryption SSE-S3 (S3 cannot deliver access logs to an SSE-KMS target), and a bucket policy letting {@code logging.s3.amazonaws.com} s3:PutObject under {@code s3-access/} with aws:SourceAccount and aws:SourceArn of this bucket (ACL grants do not work on an ACL-disabled target). Default: no access logging. */
    @Import(name = "accessLogBucketName")
    private Output<String> accessLogBucketName;

    /** Days after which noncurrent object versions expire (>= 1). Default: 30. */
    @Import(name = "noncurrentVersionExpirationDays")
    private Integer noncurrentVersionExpirationDays;

    /** Let {@code pulumi destroy} delete a non-empty bucket (dev stacks only). Default: false. */
    @Import(name = "forceDestroy")
    private Boolean forceDestroy;

    private IngestBucketArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> bucketName() { return Optional.ofNullable(bucketName); }
    public Optional<Output<String>> kmsKeyArn() { return Optional.ofNullable(kmsKeyArn); }
    public Optional<Output<String>> accessLogBucketName() { return Optional.ofNullable(accessLogBucketName); }
    public Optional<Integer> noncurrentVersionExpirationDays() { return Optional.ofNullable(noncurrentVersionExpirationDays); }
    public Optional<Boolean> forceDestroy() { return Optional.ofNullable(forceDestroy); }

    /** Hand-written builder; unset fields stay null and take the default. */
    public static final class Builder {
        private final IngestBucketArgs args = new IngestBucketArgs();

        public Builder bucketName(String value) {
            args.bucketName = value;
            return this;
        }

        public Builder kmsKeyArn(Output<String> value) {
            args.kmsKeyArn = value;
            return this;
        }

        public Builder kmsKeyArn(String value) {
            return kmsKeyArn(Output.of(value));
        }

        public Builder accessLogBucketName(Output<String> value) {
            args.accessLogBucketName = value;
            return this;
        }

        public Builder accessLogBucketName(String value) {
            return accessLogBucketName(Output.of(value));
        }

        public Builder noncurrentVersionExpirationDays(Integer value) {
            args.noncurrentVersionExpirationDays = value;
            return this;
        }

        public Builder forceDestroy(Boolean value) {
            args.forceDestroy = value;
            return this;
        }

        public IngestBucketArgs build() {
            return args;
        }
    }
}
