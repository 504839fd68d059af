package com.ingestpipeline.functions.common.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsClientsTest {
    @Test
    void s3EndpointOverride_switchesToPathStyle() {
        assertThat(AwsClients.s3EndpointOverridden(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9090"))).isTrue();
        assertThat(AwsClients.s3EndpointOverridden(Map.of("AWS_ENDPOINT_URL", "http://localhost:4566"))).isTrue();
        assertThat(AwsClients.s3EndpointOverridden(Map.of("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:1"))).isFalse();
    }
}
