package com.ingestpipeline.functions.common.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback proxy in front of {@link TestS3} that answers requests for chosen object keys the way real S3 does when
 * something is wrong, and forwards everything else unchanged: {@link Fault#ACCESS_DENIED} is S3's 403
 * {@code AccessDenied} (the role may not read the object, or the KMS key refuses), {@link Fault#SLOW_DOWN} is its
 * 503 {@code SlowDown} throttling answer (the SDK retries it, then gives up). S3Mock checks no permissions and never
 * throttles, so without this the code's answer to either can only be tested with a mocked client.
 *
 * <p>Point a client (or a child process's {@code AWS_ENDPOINT_URL_S3}) at {@link #endpoint()}; path-style only.
 * {@link #requests()} lists every {@code METHOD /bucket/key} that reached the proxy, so a test can show an object
 * was never read.
 */
public final class FaultyS3 implements AutoCloseable {
    /** What S3 answers for a faulted key. */
    public enum Fault {
        ACCESS_DENIED(403, "AccessDenied", "Access Denied"),
        SLOW_DOWN(503, "SlowDown", "Please reduce your request rate.");

        final int status;
        final String code;
        final String message;

        Fault(int status, String code, String message) {
            this.status = status;
            this.code = code;
            this.message = message;
        }
    }

    private final URI upstream;
    private final HttpServer server;
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public FaultyS3(URI upstream) {
        this.upstream = upstream;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** From now on, every request for {@code bucket}/{@code key} gets {@code fault}. */
    public void fail(String bucket, String key, Fault fault) {
        faults.put(bucket + "/" + key, fault);
    }

    /** Requests for {@code bucket}/{@code key} are forwarded again. */
    public void heal(String bucket, String key) {
        faults.remove(bucket + "/" + key);
    }

    /** Every request seen, as {@code METHOD /bucket/key} (decoded path, no query). */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawPath = exchange.getRequestURI().getRawPath();
            String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + path);
            byte[] body = exchange.getRequestBody().readAllBytes();
            Fault fault = faults.get(path.substring(1));
            if (fault != null) {
                answer(exchange, fault);
            } else {
                forward(exchange, body);
            }
        }
    }

    private static void answer(HttpExchange exchange, Fault fault) throws IOException {
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + fault.code + "</Code><Message>"
                + fault.message + "</Message><RequestId>FAULTYS3</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(fault.status, head ? -1 : xml.length);
        if (!head) {
            exchange.getResponseBody().write(xml);
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
            "expect", "keep-alive");

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        URI target = upstream.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpURLConnection c = (HttpURLConnection) target.toURL().openConnection();
        c.setRequestMethod(exchange.getRequestMethod());
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> c.addRequestProperty(name, v));
            }
        });
        if (body.length > 0) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        byte[] response;
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            response = in == null ? new byte[0] : in.readAllBytes();
        }
        c.getHeaderFields().forEach((name, values) -> {
            if (name != null && !HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (head) {
            // A HEAD answer carries the object's length but no body; the JDK server would drop a length we pass it.
            String length = c.getHeaderField("Content-Length");
            if (length != null) {
                exchange.getResponseHeaders().set("Content-Length", length);
            }
        }
        exchange.sendResponseHeaders(status, head || response.length == 0 ? -1 : response.length);
        if (!head && response.length > 0) {
            exchange.getResponseBody().write(response);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
