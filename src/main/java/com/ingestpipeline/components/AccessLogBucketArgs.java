package com.ingestpipeline.components;

import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the bucket an {@link AccessLogBucket} creates for S3 server access logs. It is always private,
 * SSE-S3 encrypted (S3 delivers access logs to nothing else), versioned, ACL-free and TLS-only.
 */
public final class AccessLogBucketArgs extends ResourceArgs {
    /** Days after which access log objects expire (1 to 36500). Default: 365. */
    @Import(name = "expirationDays")
    private Integer expirationDays;

    /** Let {@code pulumi destroy} delete the bucket with its logs in it (dev stacks only). Default: false. */
    @Import(name = "forceDestroy")
    private Boolean forceDestroy;

    /** Extra tags on the bucket. Default: none (the component tag is always added). */
    @Import(name = "tags")
    private List<TagArgs> tags;

    private AccessLogBucketArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Integer> expirationDays() { return Optional.ofNullable(expirationDays); }
    public Optional<Boolean> forceDestroy() { return Optional.ofNullable(forceDestroy); }
    public List<TagArgs> tags() { return tags == null ? List.of() : tags; }

    /** Hand-written builder; unset fields stay null and take the default. */
    public static final class Builder {
        private final AccessLogBucketArgs args = new AccessLogBucketArgs();

        public Builder expirationDays(Integer value) {
            args.expirationDays = value;
            return this;
        }

        public Builder forceDestroy(Boolean value) {
            args.forceDestroy = value;
            return this;
        }

        public Builder tags(List<TagArgs> value) {
            args.tags = value == null ? null : List.copyOf(value);
            return this;
        }

        public Builder tags(TagArgs... value) {
            return tags(new ArrayList<>(List.of(value)));
        }

        public AccessLogBucketArgs build() {
            return args;
        }
    }
}
