package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.AwsLocation;
import com.ingestpipeline.components.internal.Ranges;
import com.ingestpipeline.components.internal.SecureBucket;
import com.ingestpipeline.components.internal.Tags;
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
        Output<String> accountId = AwsLocation.account(InvokeOptions.builder().parent(this).build());
        int days = args.expirationDays().orElse(EXPIRATION_DAYS);
        SecureBucket bucket = SecureBucket.create(name + "-bucket", SecureBucket.Options.defaults()
            .forceDestroy(args.forceDestroy().orElse(false))
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
        List<String> problems = new ArrayList<>();
        Ranges.within(problems, "expirationDays", args.expirationDays().orElse(null), EXPIRATION_DAYS, 1, 36500);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("AccessLogBucketArgs: " + String.join("; ", problems));
        }
        return args;
    }
}
