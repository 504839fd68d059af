package com.ingestpipeline.functions.ingest;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/**
 * Runs in the init phase, so the work it moves out of the first event is in a SnapStart snapshot (SnapStart snapshots
 * the initialised environment and restores it for new ones; AWS recommends priming in init:
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-best-practices.html). No network call: the database warm-up
 * connect happens elsewhere and is closed before the snapshot.
 * <ol>
 *   <li>JSON and format detection: the event parser, the detectors, execution-name hashing, on canned data.</li>
 *   <li>AWS SDK: a ranged GetObject and a StartExecution through throw-away S3 and Step Functions clients whose HTTP
 *       client answers in memory, so marshalling, signing, the retry and interceptor chain and response parsing run
 *       for real. The handler's own clients share all that code; only their HTTP client differs.</li>
 *   <li>JDBC and the rest of the first event: the classes a first event loads after init (listed in
 *       {@value #CLASS_LIST}, recorded from a cold start by {@code ColdStartLauncher --record-classes}) are loaded and
 *       initialised here; a class this JVM or jar does not have is skipped.</li>
 * </ol>
 */
final class Priming {
    static final String CLASS_LIST = "priming/first-event-classes.txt";
    /** System property that turns the class list off, so it can be recorded afresh. */
    static final String SKIP_CLASS_LIST = "ingestpipeline.priming.skipClassList";
    private static final int ROUNDS = 50;
    private static final byte[] CSV = "id,name\n1,x\n".getBytes(StandardCharsets.UTF_8);

    private Priming() {
    }

    /** Primes every path; returns how many listed classes were loaded (for the benchmark and tests). */
    static int prime() {
        primeParsing();
        primeSdk();
        return loadFirstEventClasses();
    }

    static void primeParsing() {
        byte[] event = ("{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"incoming/a+b%C3%BC.csv\",\"size\":10,"
                + "\"eTag\":\"e\",\"sequencer\":\"01\"}}}]}").getBytes(StandardCharsets.UTF_8);
        byte[] eventBridge = ("{\"detail-type\":\"Object Created\",\"source\":\"aws.s3\",\"detail\":{\"bucket\":"
                + "{\"name\":\"b\"},\"object\":{\"key\":\"incoming/a b.csv\",\"size\":10,\"etag\":\"e\","
                + "\"sequencer\":\"01\"},\"reason\":\"PutObject\"}}").getBytes(StandardCharsets.UTF_8);
        S3EventParser parser = new S3EventParser();
        FormatDetector detector = new FormatDetector();
        for (int i = 0; i < ROUNDS * 4; i++) {
            try {
                parser.records(parser.readTree(event), new ArrayList<>());
                parser.records(parser.readTree(eventBridge), new ArrayList<>());
            } catch (S3EventParser.BadEventException e) {
                throw new IllegalStateException("priming event is invalid", e);
            }
            detector.detect("incoming/a.csv", "text/csv", CSV, true);
            detector.detect("incoming/a.jsonl", null, "{\"id\":1}\n".getBytes(StandardCharsets.UTF_8), true);
            ExecutionNames.of("b", "k", null, "e", "01");
        }
    }

    static void primeSdk() {
        CannedHttpClient http = new CannedHttpClient();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));
        URI local = URI.create("http://priming.invalid");
        try (S3Client s3 = S3Client.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(credentials)
                .endpointOverride(local).forcePathStyle(true).build();
             SfnClient sfn = SfnClient.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(credentials)
                     .endpointOverride(local).build()) {
            for (int i = 0; i < ROUNDS; i++) {
                s3.getObject(r -> r.bucket("b").key("incoming/a.csv").range("bytes=0-16383"), ResponseTransformer.toBytes());
                sfn.startExecution(StartExecutionRequest.builder()
                        .stateMachineArn("arn:aws:states:us-east-1:000000000000:stateMachine:priming")
                        .name("priming").input("{}").build());
            }
        }
    }

    static int loadFirstEventClasses() {
        if (Boolean.getBoolean(SKIP_CLASS_LIST)) {
            return 0;
        }
        ClassLoader loader = Priming.class.getClassLoader();
        int loaded = 0;
        try (InputStream in = loader.getResourceAsStream(CLASS_LIST)) {
            if (in == null) {
                return 0;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String name = lines.readLine(); name != null; name = lines.readLine()) {
                if (name.isBlank() || name.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(name.trim(), true, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    // Not in this JVM or jar (another JDK, a trimmed dependency): nothing to prime.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + CLASS_LIST + " from the jar", e);
        }
        return loaded;
    }

    /** Answers GetObject with a 206 and a few CSV bytes and StartExecution with an execution ARN; nothing else. */
    private static final class CannedHttpClient implements SdkHttpClient {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            boolean sfn = request.httpRequest().firstMatchingHeader("X-Amz-Target").isPresent();
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return sfn ? answer(200, "application/x-amz-json-1.0",
                            ("{\"executionArn\":\"arn:aws:states:us-east-1:000000000000:execution:priming:priming\","
                                    + "\"startDate\":1.7E9}").getBytes(StandardCharsets.UTF_8), null)
                            : answer(206, "text/csv", CSV, "bytes 0-" + (CSV.length - 1) + "/" + CSV.length);
                }

                @Override
                public void abort() {
                }
            };
        }

        private static HttpExecuteResponse answer(int status, String contentType, byte[] body, String contentRange) {
            SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(status)
                    .putHeader("Content-Type", contentType).putHeader("Content-Length", String.valueOf(body.length))
                    .putHeader("ETag", "\"e\"");
            if (contentRange != null) {
                response.putHeader("Content-Range", contentRange);
            }
            return HttpExecuteResponse.builder().response(response.build())
                    .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
        }

        @Override
        public void close() {
        }
    }
}
