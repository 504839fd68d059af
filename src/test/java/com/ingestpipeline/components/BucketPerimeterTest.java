package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.core.Output;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BucketPerimeterTest {
    @Test
    void theEndpointPolicyNamesEachBucket_andIsAttachedToTheGivenEndpoint() throws Exception {
        RecordingMocks mocks = MockRun.run(ctx -> new BucketPerimeter("p", BucketPerimeterArgs.builder()
            .s3EndpointId(Output.of("vpce-0s3"))
            .bucketNames(List.of(Output.of("data-1"), Output.of("artifacts-2"))).build(), null)).mocks();

        RecordingMocks.Registered policy = mocks.single("aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy");
        assertThat(policy.name()).isEqualTo("p-s3");
        assertThat(policy.input("vpcEndpointId")).isEqualTo("vpce-0s3");
        JsonNode doc = new ObjectMapper().readTree((String) policy.input("policy"));
        assertThat(doc.path("Statement").get(0).path("Resource").toString())
            .isEqualTo("[\"arn:aws:s3:::data-1\",\"arn:aws:s3:::data-1/*\",\"arn:aws:s3:::artifacts-2\",\"arn:aws:s3:::artifacts-2/*\"]");
    }

    @Test
    void missingArgs_areNamedInOneError() {
        assertThatThrownBy(() -> MockRun.run(ctx -> new BucketPerimeter("p", BucketPerimeterArgs.builder().build(), null)))
            .hasStackTraceContaining("BucketPerimeterArgs: s3EndpointId is required (Network.s3EndpointId); "
                + "bucketNames is required (the stack's buckets)");
    }
}
