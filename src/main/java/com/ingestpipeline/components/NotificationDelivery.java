package com.ingestpipeline.components;

import java.util.ArrayList;
import java.util.List;

/**
 * How {@link IngestPipeline} learns of new objects, and the one rule for choosing it, shared by the component's
 * validation and the stack settings reader.
 *
 * <p>S3 keeps exactly one notification configuration per bucket: {@code PutBucketNotificationConfiguration} replaces
 * it whole, and a Pulumi {@code BucketNotification} owns all of it (a later {@code pulumi destroy} deletes it). On a
 * bucket this component creates that is harmless; on an adopted, shared bucket it silently cuts off every other
 * consumer. EventBridge delivery leaves the bucket's configuration alone: the bucket owner turns EventBridge on once,
 * and each consumer adds its own rule on the default bus.
 */
public final class NotificationDelivery {
    /** A {@code BucketNotification} invoking the function's alias. */
    public static final String S3 = "s3";
    /** A rule on the default event bus targeting the function's alias. */
    public static final String EVENTBRIDGE = "eventbridge";

    private NotificationDelivery() {
    }

    /** One problem with the delivery settings, named by the setting it is about. */
    public record Problem(String field, String message) {
    }

    /** The delivery in effect: the requested one, else s3 for a new bucket and eventbridge for an existing one. */
    public static String resolve(boolean existingBucket, String requested) {
        if (requested != null) {
            return requested;
        }
        return existingBucket ? EVENTBRIDGE : S3;
    }

    /** True when the component writes the bucket's notification configuration (a {@code BucketNotification}). */
    public static boolean ownsNotificationConfiguration(boolean existingBucket, Boolean ownBucketNotifications) {
        return !existingBucket || Boolean.TRUE.equals(ownBucketNotifications);
    }

    /** Every problem with {@code notificationDelivery} and {@code ownBucketNotifications}; empty when they are fine. */
    public static List<Problem> problems(boolean existingBucket, String requested, Boolean ownBucketNotifications) {
        List<Problem> problems = new ArrayList<>();
        if (requested != null && !S3.equals(requested) && !EVENTBRIDGE.equals(requested)) {
            problems.add(new Problem("notificationDelivery", "must be " + S3 + " or " + EVENTBRIDGE
                + " (got '" + requested + "')"));
            return problems;
        }
        boolean own = Boolean.TRUE.equals(ownBucketNotifications);
        if (existingBucket && S3.equals(resolve(true, requested)) && !own) {
            problems.add(new Problem("notificationDelivery", "'" + S3 + "' on an existing bucket replaces that bucket's "
                + "whole notification configuration (S3 keeps one per bucket), cutting off its other consumers; use '"
                + EVENTBRIDGE + "' (the default for an existing bucket), or set ownBucketNotifications to true to accept "
                + "that this component owns the bucket's notifications"));
        }
        if (!existingBucket && own) {
            problems.add(new Problem("ownBucketNotifications", "applies only with existingBucketName (a bucket the "
                + "component creates always has its notifications owned by it)"));
        }
        return problems;
    }
}
