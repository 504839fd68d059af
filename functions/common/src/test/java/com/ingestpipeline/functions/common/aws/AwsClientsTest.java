package com.ingestpipeline.functions.common.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsClientsTest {
    @Test
    void credentialsInEnvironment_onlyWhenBothKeysAreSet() {
        assertThat(AwsClients.credentialsInEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "s",
                "AWS_SESSION_TOKEN", "t"))).isTrue();
        // SnapStart functions: no keys, container credentials instead; the default chain must find those.
        assertThat(AwsClients.credentialsInEnvironment(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/x",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN", "t"))).isFalse();
        assertThat(AwsClients.credentialsInEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIA"))).isFalse();
        assertThat(AwsClients.credentialsInEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", " ")))
                .isFalse();
        assertThat(AwsClients.credentialsInEnvironment(Map.of())).isFalse();
    }

    @Test
    void s3EndpointOverride_switchesToPathStyle() {
        assertThat(AwsClients.s3EndpointOverridden(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9090"))).isTrue();
        assertThat(AwsClients.s3EndpointOverridden(Map.of("AWS_ENDPOINT_URL", "http://localhost:4566"))).isTrue();
        assertThat(AwsClients.s3EndpointOverridden(Map.of("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:1"))).isFalse();
    }
}
