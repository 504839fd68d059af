package com.ingestpipeline.functions.common.aws;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
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
 *
 * <p>Cold start: when the environment already holds the answer, the provider chains are skipped. They would
 * probe system properties, the profile files and more before reaching the same variables.
 * <ul>
 *   <li>Region: {@code AWS_REGION} (always set in Lambda). Otherwise, e.g. on EC2, the default chain.</li>
 *   <li>Credentials: the {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} variables when both are set
 *       (Lambda without SnapStart). Otherwise the default chain: SnapStart functions get container credentials
 *       instead of these variables, and EC2 gets the instance profile.</li>
 *   <li>One HTTP client, shared by every client of the process. The SDK never closes an HTTP client it was
 *       given, so closing one SDK client leaves the others working.</li>
 * </ul>
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static S3Client s3() {
        return configure(S3Client.builder(), System.getenv())
                .forcePathStyle(s3EndpointOverridden(System.getenv()))
                .build();
    }

    public static SfnClient sfn() {
        return configure(SfnClient.builder(), System.getenv()).build();
    }

    public static SecretsManagerClient secretsManager() {
        return configure(SecretsManagerClient.builder(), System.getenv()).build();
    }

    /** True when the SDK will send S3 requests to an overridden endpoint (so path-style addressing is needed). */
    public static boolean s3EndpointOverridden(Map<String, String> env) {
        return notBlank(env.get("AWS_ENDPOINT_URL_S3")) || notBlank(env.get("AWS_ENDPOINT_URL"));
    }

    /** True when credentials can be read straight from the environment instead of through the default chain. */
    public static boolean credentialsInEnvironment(Map<String, String> env) {
        return notBlank(env.get("AWS_ACCESS_KEY_ID")) && notBlank(env.get("AWS_SECRET_ACCESS_KEY"));
    }

    private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder,
                                                                                                 Map<String, String> env) {
        builder.httpClient(SharedHttpClient.INSTANCE);
        if (notBlank(env.get("AWS_REGION"))) {
            builder.region(Region.of(env.get("AWS_REGION")));
        }
        if (credentialsInEnvironment(env)) {
            builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        }
        return builder;
    }

    /** Built on first use (class initialisation is thread-safe, and the clients may be built on two threads). */
    private static final class SharedHttpClient {
        static final SdkHttpClient INSTANCE = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
