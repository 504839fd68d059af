package com.ingestpipeline.functions.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Wraps one environment's HTTP client to inject the burst harness's faults below the SDK, so the SDK's own retry
 * policy sees them exactly as it would in Lambda:
 * <ul>
 *   <li>{@link SlowDown}: S3 answers {@code 503 SlowDown} to a share of calls (S3's answer when a prefix is over its
 *       request rate; the SDK retries it with backoff as a throttling error).</li>
 *   <li>{@link Kill}: the environment dies right after a call returns (the execution is started, the row does not
 *       know yet): the calling thread never comes back, as when Lambda's runtime process is killed mid-record.</li>
 * </ul>
 */
final class FaultInjectingHttpClient implements SdkHttpClient {
    private final SdkHttpClient delegate;
    private final SlowDown slowDown;
    private final Kill kill;

    FaultInjectingHttpClient(SdkHttpClient delegate, SlowDown slowDown, Kill kill) {
        this.delegate = delegate;
        this.slowDown = slowDown;
        this.kill = kill;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (slowDown != null && slowDown.inject()) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return SlowDown.response();
                }

                @Override
                public void abort() {
                }
            };
        }
        ExecutableHttpRequest real = delegate.prepareRequest(request);
        if (kill == null) {
            return real;
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                HttpExecuteResponse response = real.call();
                kill.maybeDieHere();
                return response;
            }

            @Override
            public void abort() {
                real.abort();
            }
        };
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Answers {@code 503 SlowDown} to {@code share} of the calls while {@code active}, spread evenly (not random). */
    static final class SlowDown {
        private final double share;
        private final BooleanSupplier active;
        private final AtomicLong calls = new AtomicLong();
        private final AtomicLong injected = new AtomicLong();

        SlowDown(double share, BooleanSupplier active) {
            this.share = share;
            this.active = active;
        }

        boolean inject() {
            if (!active.getAsBoolean()) {
                return false;
            }
            long n = calls.incrementAndGet();
            if ((long) (n * share) > (long) ((n - 1) * share)) {
                injected.incrementAndGet();
                return true;
            }
            return false;
        }

        long injected() {
            return injected.get();
        }

        static HttpExecuteResponse response() {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                    + "<Message>Please reduce your request rate.</Message></Error>").getBytes(StandardCharsets.UTF_8);
            return HttpExecuteResponse.builder()
                    .response(SdkHttpResponse.builder().statusCode(503).putHeader("Content-Type", "application/xml")
                            .putHeader("Content-Length", String.valueOf(body.length)).build())
                    .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                    .build();
        }
    }

    /**
     * One environment's death: once {@linkplain #arm armed}, the next call through the wrapped client completes on the
     * server and then never returns to the handler. {@link #died} opens, so the harness can treat the environment as
     * gone; {@link #release} lets the stranded thread unwind at the end of the run.
     */
    static final class Kill {
        private volatile boolean armed;
        final CountDownLatch died = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        void arm() {
            armed = true;
        }

        void maybeDieHere() {
            if (!armed) {
                return;
            }
            armed = false;
            died.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new EnvironmentGone();
        }

        void release() {
            released.countDown();
        }
    }

    /** Unwinds a killed environment's stranded thread after the run; nothing observes what it does after that. */
    static final class EnvironmentGone extends Error {
        private static final long serialVersionUID = 1L;

        EnvironmentGone() {
            super("execution environment killed mid-record");
        }
    }
}
