package com.ingestpipeline.functions.common.testing;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3-compatible server (Adobe S3Mock) running in this JVM on 127.0.0.1, started once per test JVM (it takes
 * several seconds) and stopped by a shutdown hook. Use {@link #get()}, then {@link #client()} for a path-style
 * S3 client pointed at it, or {@link #endpoint()} to configure your own (e.g. {@code AWS_ENDPOINT_URL_S3} for a
 * child process).
 */
public final class TestS3 {
    static final String HOST = "127.0.0.1";
    public static final Region REGION = Region.US_EAST_1;

    private static TestS3 instance;

    private final S3MockApplication app;
    private final S3Client client;

    private TestS3(S3MockApplication app) {
        this.app = app;
        this.client = newClient();
    }

    /** The shared server, started on first use. */
    public static synchronized TestS3 get() {
        if (instance == null) {
            // Spring Boot would otherwise try to take over SLF4J/Logback and fail when the JSON binding is active.
            System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
            Map<String, Object> props = new HashMap<>();
            props.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
            props.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
            props.put("server.address", HOST);
            props.put(S3MockApplication.PROP_SILENT, true);
            props.put("spring.main.banner-mode", "off");
            try {
                props.put(S3MockApplication.PROP_ROOT_DIRECTORY,
                        Files.createTempDirectory("s3mock").toAbsolutePath().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            S3MockApplication app = S3MockApplication.start(props);
            instance = new TestS3(app);
            Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "s3mock-stop"));
        }
        return instance;
    }

    /** Plain-HTTP endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return URI.create("http://" + HOST + ":" + app.getHttpPort());
    }

    /** The shared client (path-style, dummy credentials, us-east-1). */
    public S3Client client() {
        return client;
    }

    /** A new client like {@link #client()}, for code under test that closes what it is given. */
    public S3Client newClient() {
        return newClient(endpoint(), UrlConnectionHttpClient.create());
    }

    /** A new client like {@link #client()} on {@code http} (e.g. a wrapper that injects faults below the SDK). */
    public S3Client newClient(SdkHttpClient http) {
        return newClient(endpoint(), http);
    }

    /** A client like {@link #client()} for another endpoint (e.g. a {@link FaultyS3} in front of this server). */
    public static S3Client newClient(URI endpoint) {
        return newClient(endpoint, UrlConnectionHttpClient.create());
    }

    private static S3Client newClient(URI endpoint, SdkHttpClient http) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(http)
                .build();
    }

    /** Creates {@code bucket} unless it exists; returns its name. */
    public String createBucket(String bucket) {
        try {
            client.createBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
            // 409: already there, fine for a fixture shared by many tests
        }
        return bucket;
    }

    /** Creates {@code bucket} with versioning enabled. */
    public String createVersionedBucket(String bucket) {
        createBucket(bucket);
        client.putBucketVersioning(b -> b.bucket(bucket)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        return bucket;
    }

    public void put(String bucket, String key, byte[] content, String contentType) {
        client.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
    }
}
