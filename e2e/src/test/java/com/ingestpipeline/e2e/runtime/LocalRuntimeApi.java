package com.ingestpipeline.e2e.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Lambda Runtime API on loopback, the part a runtime talks to
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html): {@code GET /2018-06-01/runtime/invocation/next}
 * hands out queued events with the request-id/deadline/function-ARN headers, {@code .../{id}/response} and
 * {@code .../{id}/error} complete them, {@code /runtime/init/error} reports a handler that could not start.
 */
public final class LocalRuntimeApi implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final String functionArn;
    private final Duration timeout;

    /** What the runtime answered: the response body, or an error type and body. */
    public record Outcome(String requestId, String body, String errorType) {
        public boolean failed() {
            return errorType != null;
        }
    }

    private record Pending(String requestId, byte[] event, CompletableFuture<Outcome> result) {
    }

    public LocalRuntimeApi(String functionArn, Duration timeout) {
        this.functionArn = functionArn;
        this.timeout = timeout;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PREFIX, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code AWS_LAMBDA_RUNTIME_API}: host:port. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues {@code event} and waits for the runtime's answer (or its init error). */
    public Outcome invoke(byte[] event, Duration wait) throws InterruptedException, TimeoutException {
        Pending p = new Pending(UUID.randomUUID().toString(), event, new CompletableFuture<>());
        queue.add(p);
        CompletableFuture<Object> either = CompletableFuture.anyOf(p.result(), initError);
        try {
            Object done = either.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (done instanceof Outcome o) {
                return o;
            }
            throw new IllegalStateException("the function failed to initialise: " + done);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            queue.remove(p);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().substring(PREFIX.length());
            String method = ex.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(ex);
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            if (method.equals("POST") && path.equals("init/error")) {
                initError.complete(ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type") + ": "
                        + new String(body, StandardCharsets.UTF_8));
                reply(ex, 202, "{\"status\":\"OK\"}");
                return;
            }
            String[] parts = path.split("/");
            if (method.equals("POST") && parts.length == 3 && parts[0].equals("invocation")) {
                Pending p = inFlight.remove(parts[1]);
                if (p == null) {
                    reply(ex, 400, "{\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                String text = new String(body, StandardCharsets.UTF_8);
                switch (parts[2]) {
                    case "response" -> p.result().complete(new Outcome(p.requestId(), text, null));
                    case "error" -> p.result().complete(new Outcome(p.requestId(), text,
                            String.valueOf(ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"))));
                    default -> {
                        reply(ex, 404, "{}");
                        return;
                    }
                }
                reply(ex, 202, "{\"status\":\"OK\"}");
                return;
            }
            reply(ex, 404, "{\"errorType\":\"NotFound\"}");
        }
    }

    private void next(HttpExchange ex) throws IOException {
        Pending p;
        try {
            p = queue.take(); // the runtime blocks here between invocations, as it does in Lambda
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        inFlight.put(p.requestId(), p);
        var h = ex.getResponseHeaders();
        h.add("Content-Type", "application/json");
        h.add("Lambda-Runtime-Aws-Request-Id", p.requestId());
        h.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + timeout.toMillis()));
        h.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        h.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        ex.sendResponseHeaders(200, p.event().length);
        ex.getResponseBody().write(p.event());
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
