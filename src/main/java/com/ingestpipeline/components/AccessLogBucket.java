package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.SecureBucket;
import com.ingestpipeline.components.internal.Tags;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.inputs.GetCallerIdentityArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bucket the stack's other buckets send their S3 server access logs to (Security Hub S3.9): who read or wrote
 * which object, and when. Pass {@link #bucketName} as {@code IngestBucketArgs.accessLogBucketName} and
 * {@code BatchComputeNodeArgs.artifactBucketAccessLogBucketName}; they log under {@code s3-access/<bucket>/}.
 *
 * <p>It is not itself logged: its log would record every delivery into it. Logs expire after
 * {@code expirationDays}; only the S3 logging service of this account may write them.
 */
public final class AccessLogBucket extends ComponentResource {
    public static final String TYPE = "ingestpipeline:index:AccessLogBucket";
    static final int EXPIRATION_DAYS = 365;

    /** Resolves only once the bucket policy allowing delivery exists, so logging configured on it can deliver. */
    @Export(name = "bucketName", refs = {String.class})
    public final Output<String> bucketName;

    @Export(name = "bucketArn", refs = {String.class})
    public final Output<String> bucketArn;

    public AccessLogBucket(String name, AccessLogBucketArgs args, ComponentResourceOptions opts) {
        super(TYPE, name, validated(args), opts);
        Map<String, String> tags = Tags.of(name, args.tags());
        Output<String> accountId = AwsFunctions.getCallerIdentity(GetCallerIdentityArgs.builder().build(),
                InvokeOptions.builder().parent(this).build())
            .applyValue(c -> c.accountId());
        int days = args.expirationDays() != null ? args.expirationDays() : EXPIRATION_DAYS;
        SecureBucket bucket = SecureBucket.create(name + "-bucket", SecureBucket.Options.defaults()
            .forceDestroy(Boolean.TRUE.equals(args.forceDestroy()))
            .accessLogTarget(accountId, days), tags, this);
        List<Output<String>> ready = new ArrayList<>();
        for (Resource r : bucket.dependencies()) {
            ready.add(r.urn());
        }
        this.bucketName = Output.tuple(bucket.bucketName(), Output.all(ready)).applyValue(t -> t.t1);
        this.bucketArn = bucket.arn();
        registerOutputs(Map.of("bucketName", bucketName, "bucketArn", bucketArn));
    }

    private static AccessLogBucketArgs validated(AccessLogBucketArgs args) {
        Integer days = args.expirationDays();
        if (days != null && (days < 1 || days > 36500)) {
            throw new IllegalArgumentException("AccessLogBucketArgs: expirationDays must be 1..36500 (got " + days + ")");
        }
        return args;
    }
}
