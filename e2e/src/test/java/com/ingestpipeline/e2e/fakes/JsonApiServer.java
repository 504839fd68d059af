package com.ingestpipeline.e2e.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server speaking the AWS JSON protocol ({@code POST /}, operation in {@code X-Amz-Target:
 * <prefix>.<Operation>}, JSON body; errors as HTTP 400 with {@code __type}), the protocol of Step Functions
 * (awsJson1_0) and Secrets Manager (awsJson1_1). Subclasses implement the few operations the code uses; any
 * other operation is answered with {@code UnknownOperationException}, so a call the fake does not model fails
 * loudly instead of passing unnoticed. Every call is recorded.
 */
public abstract class JsonApiServer implements AutoCloseable {
    protected static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-aws");
        t.setDaemon(true);
        return t;
    });
    private final String targetPrefix;
    private final String contentType;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** One received request: operation, request body, and the error code answered (null on success). */
    public record Call(String operation, JsonNode request, String error) {
    }

    /** Thrown by an operation to answer with an AWS error. */
    public static final class AwsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String type;

        public AwsError(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    protected JsonApiServer(String targetPrefix, String contentType) {
        this.targetPrefix = targetPrefix;
        this.contentType = contentType;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The endpoint for {@code AWS_ENDPOINT_URL_<SERVICE>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** Answers one operation; throw {@link AwsError} for an AWS error response. */
    protected abstract ObjectNode operation(String name, JsonNode request) throws InterruptedException;

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String operation = target != null && target.startsWith(targetPrefix + ".")
                    ? target.substring(targetPrefix.length() + 1) : String.valueOf(target);
            byte[] body;
            int status;
            try {
                ObjectNode response = operation(operation, request);
                calls.add(new Call(operation, request, null));
                body = JSON.writeValueAsBytes(response);
                status = 200;
            } catch (AwsError e) {
                calls.add(new Call(operation, request, e.type));
                body = JSON.writeValueAsBytes(JSON.createObjectNode().put("__type", e.type).put("message", e.getMessage()));
                exchange.getResponseHeaders().add("X-Amzn-ErrorType", e.type);
                status = 400;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    protected static AwsError unknown(String operation) {
        return new AwsError("UnknownOperationException", "operation " + operation + " is not modelled by this fake");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
