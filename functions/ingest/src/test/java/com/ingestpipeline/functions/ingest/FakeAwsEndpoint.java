package com.ingestpipeline.functions.ingest;

import com.ingestpipeline.functions.common.testing.TestDatabase;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP endpoint answering the two JSON-protocol AWS calls a cold-started ingest function makes besides
 * S3: Secrets Manager {@code GetSecretValue} (the test database's credentials) and Step Functions
 * {@code StartExecution}. Child processes reach it through {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} and
 * {@code AWS_ENDPOINT_URL_SFN}. Benchmark use only.
 */
final class FakeAwsEndpoint implements AutoCloseable {
    private final HttpServer server;
    final AtomicInteger startExecutions = new AtomicInteger();

    FakeAwsEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String body;
            int status = 200;
            if (target.endsWith("GetSecretValue")) {
                body = "{\"ARN\":\"" + TestDatabase.SECRET_ARN + "\",\"Name\":\"ingest-db\",\"SecretString\":"
                        + quote("{\"username\":\"" + TestDatabase.USER + "\",\"password\":\"" + TestDatabase.PASSWORD + "\"}") + "}";
            } else if (target.endsWith("StartExecution")) {
                body = "{\"executionArn\":\"arn:aws:states:us-east-1:000000000000:execution:flow:x-"
                        + startExecutions.incrementAndGet() + "\",\"startDate\":1.7E9}";
            } else {
                status = 400;
                body = "{\"__type\":\"UnknownOperationException\",\"message\":\"" + target + "\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
