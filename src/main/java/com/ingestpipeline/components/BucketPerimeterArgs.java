package com.ingestpipeline.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.List;

/** What a {@link BucketPerimeter} fences in: the S3 gateway endpoint and the stack's buckets. */
public final class BucketPerimeterArgs extends ResourceArgs {
    /** The S3 gateway endpoint ({@code Network.s3EndpointId}). Required. */
    @Import(name = "s3EndpointId", required = true)
    private Output<String> s3EndpointId;

    /** Every bucket the stack's principals use through the endpoint (data, artifacts, access logs). Required. */
    @Import(name = "bucketNames", required = true)
    private Output<List<String>> bucketNames;

    private BucketPerimeterArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Null only when not set (the component refuses that). */
    public Output<String> s3EndpointId() { return s3EndpointId; }
    /** Null only when not set (the component refuses that). */
    public Output<List<String>> bucketNames() { return bucketNames; }

    /** Hand-written builder. */
    public static final class Builder {
        private final BucketPerimeterArgs args = new BucketPerimeterArgs();

        public Builder s3EndpointId(Output<String> value) {
            args.s3EndpointId = value;
            return this;
        }

        public Builder bucketNames(Output<List<String>> value) {
            args.bucketNames = value;
            return this;
        }

        public Builder bucketNames(List<Output<String>> value) {
            return bucketNames(Output.all(value));
        }

        public BucketPerimeterArgs build() {
            return args;
        }
    }
}
