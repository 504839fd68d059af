package com.ingestpipeline.functions.common.aws;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * AWS SDK v2 clients for the functions and the worker, all on the url-connection HTTP client (smallest jar,
 * fastest cold start; the Apache and Netty clients are excluded from the build).
 *
 * <p>Region, credentials and endpoint come from the SDK's standard sources only. In particular an endpoint
 * override is the SDK's own {@code AWS_ENDPOINT_URL_<SERVICE>} / {@code AWS_ENDPOINT_URL} variables; this class
 * only looks at them to switch S3 to path-style addressing, which S3-compatible endpoints need (virtual-host
 * style would put the bucket in the DNS name).
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static S3Client s3() {
        return S3Client.builder()
                .httpClient(httpClient())
                .forcePathStyle(s3EndpointOverridden(System.getenv()))
                .build();
    }

    public static SfnClient sfn() {
        return SfnClient.builder().httpClient(httpClient()).build();
    }

    public static SecretsManagerClient secretsManager() {
        return SecretsManagerClient.builder().httpClient(httpClient()).build();
    }

    /** True when the SDK will send S3 requests to an overridden endpoint (so path-style addressing is needed). */
    public static boolean s3EndpointOverridden(Map<String, String> env) {
        return notBlank(env.get("AWS_ENDPOINT_URL_S3")) || notBlank(env.get("AWS_ENDPOINT_URL"));
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
