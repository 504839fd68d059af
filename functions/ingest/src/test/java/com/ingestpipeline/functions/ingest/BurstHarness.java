package com.ingestpipeline.functions.ingest;

import com.ingestpipeline.functions.common.db.Database;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import com.ingestpipeline.functions.common.testing.TestS3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Replays Lambda's concurrency model for a burst of S3 uploads against the real handler (docs/ingest-function.md,
 * "Burst"). {@link BurstSettings#environments} execution environments, each its own {@link IngestHandler} with its own
 * S3 and Step Functions clients and its own database connection, created when first needed (a cold start) and given
 * one event at a time from {@link AsyncInvokeQueue}, which retries failed invocations as Lambda does. Behind them: one
 * real PostgreSQL ({@link TestDatabase#dedicated}, {@code max_connections} of the modelled instance class), the S3
 * server ({@link TestS3}) holding every object, and Step Functions throttled at AWS's default quota
 * ({@link QuotaStepFunctions}). Faults are injected below the SDK ({@link FaultInjectingHttpClient}).
 */
final class BurstHarness {
    static final String STATE_MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:burst-flow";
    private static final byte[] CSV = "id,name,amount\n1,alice,3.5\n2,bob,4\n".getBytes(StandardCharsets.UTF_8);
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final BurstSettings settings;
    private final TestDatabase pg;
    private final TestS3 s3;
    private final QuotaStepFunctions sfn = QuotaStepFunctions.usEast1Defaults();
    private final AsyncInvokeQueue queue;
    private final FaultInjectingHttpClient.SlowDown slowDown;
    /** RDS Proxy model: the pool's database connections (reused, never more than these), and which are free. */
    private final Database[] pooled;
    private final java.util.concurrent.BlockingQueue<Integer> freeSlots = new java.util.concurrent.LinkedBlockingQueue<>();
    private final List<Environment> environments = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<Long> invocationNanos = new ConcurrentLinkedQueue<>();
    private final AtomicInteger handled = new AtomicInteger();
    private final AtomicBoolean faultStarted = new AtomicBoolean();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService runners = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lambda-environment");
        t.setDaemon(true);
        return t;
    });
    private volatile Throwable harnessFailure;

    private final Fixture fixture;

    private BurstHarness(BurstSettings settings, Fixture fixture) {
        this.settings = settings;
        this.fixture = fixture;
        this.pg = fixture.pg;
        this.s3 = fixture.s3;
        this.queue = new AsyncInvokeQueue(settings.maxRetryAttempts(), settings.timeScale());
        this.slowDown = settings.fault() == BurstSettings.Fault.S3_SLOWDOWN
                ? new FaultInjectingHttpClient.SlowDown(settings.slowDownShare(), faultStarted::get) : null;
        this.pooled = new Database[settings.proxyPool()];
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] = pg.newDatabase();
            freeSlots.add(i);
        }
    }

    /**
     * What runs share: a PostgreSQL server of its own with {@code max_connections} set, and a bucket holding the
     * objects (uploading a thousand objects to S3Mock takes longer than a run). Each run starts from empty tables.
     */
    static final class Fixture implements AutoCloseable {
        final TestDatabase pg;
        final TestS3 s3 = TestS3.get();
        final int maxConnections;
        final String bucket;
        final List<String> keys;
        final List<String> etags = new ArrayList<>();

        Fixture(int objects, int maxConnections) throws Exception {
            this.maxConnections = maxConnections;
            this.pg = TestDatabase.dedicated(Map.of("max_connections", String.valueOf(maxConnections)));
            this.bucket = s3.createBucket("burst-" + RUNS.incrementAndGet() + "-" + System.nanoTime() % 1_000_000);
            this.keys = upload(s3, bucket, objects, etags);
        }

        @Override
        public void close() {
            pg.close();
        }
    }

    /** Runs one burst against the fixture's server and objects (the first {@code settings.events()} of them). */
    static BurstReport run(BurstSettings settings, Fixture fixture) throws Exception {
        if (settings.events() > fixture.keys.size() || settings.maxConnections() != fixture.maxConnections) {
            throw new IllegalArgumentException("the fixture holds " + fixture.keys.size() + " objects and max_connections "
                    + fixture.maxConnections + "; the run wants " + settings.events() + " and " + settings.maxConnections());
        }
        fixture.pg.truncate();
        return new BurstHarness(settings, fixture).run();
    }

    /**
     * Runs the burst, then sends every event in the failure queue to a new environment once, as the replay in
     * docs/ingest-function.md does (after the fault is over); returns the reports before and after the replay.
     */
    static List<BurstReport> runThenReplay(BurstSettings settings, Fixture fixture) throws Exception {
        fixture.pg.truncate();
        BurstHarness harness = new BurstHarness(settings, fixture);
        BurstReport before = harness.run();
        while (harness.sfn.throttlingEverything()) {
            Thread.sleep(50);
        }
        Environment env = harness.newEnvironment();
        try {
            for (AsyncInvokeQueue.Failed failed : harness.queue.drainFailureQueue()) {
                env.handler.handleRequest(new ByteArrayInputStream(failed.event()), new ByteArrayOutputStream(), null);
            }
        } finally {
            env.database.close();
        }
        BurstReport after = BurstOutcome.read(settings, harness.pg, harness.sfn, fixture.bucket,
                fixture.keys.subList(0, settings.events()), harness.queue, before.peakConnections(), before.seconds(),
                harness.latencies(), before.s3SlowDowns(), harness.environments.size());
        return List.of(before, after);
    }

    private BurstReport run() throws Exception {
        String bucket = fixture.bucket;
        List<String> keys = fixture.keys.subList(0, settings.events());
        List<String> etags = fixture.etags;
        ConnectionSampler sampler = new ConnectionSampler(pg);
        long t0 = System.nanoTime();
        for (int i = 0; i < keys.size(); i++) {
            queue.submit(i, event(bucket, keys.get(i), etags.get(i), i));
        }
        for (int i = 0; i < settings.environments(); i++) {
            runners.submit(this::runEnvironment);
        }
        Duration limit = Duration.ofSeconds(120).plus(settings.scaled(Duration.ofMinutes(4)));
        while (queue.settled() < settings.events() && harnessFailure == null) {
            if (System.nanoTime() - t0 > limit.toNanos()) {
                throw new IllegalStateException("burst did not settle within " + limit + ": " + queue.settled() + " of "
                        + settings.events() + " events settled");
            }
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        sampler.close();
        if (harnessFailure != null) {
            throw new IllegalStateException("burst harness failed", harnessFailure);
        }
        try {
            return BurstOutcome.read(settings, pg, sfn, bucket, keys, queue, sampler.peak(), seconds, latencies(),
                    slowDown == null ? 0 : slowDown.injected(), environments.size());
        } finally {
            shutDown();
        }
    }

    /** Uploads the objects; returns their keys and adds their ETags to {@code etags}, in the same order. */
    private static List<String> upload(TestS3 s3, String bucket, int objects, List<String> etags) throws Exception {
        ExecutorService uploads = Executors.newFixedThreadPool(8);
        try {
            List<String> keys = new ArrayList<>();
            List<Future<String>> puts = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                String key = String.format("incoming/burst/file-%05d.csv", i);
                keys.add(key);
                puts.add(uploads.submit(() -> s3.client().putObject(b -> b.bucket(bucket).key(key).contentType("text/csv"),
                        RequestBody.fromBytes(CSV)).eTag().replace("\"", "")));
            }
            for (Future<String> f : puts) {
                etags.add(f.get());
            }
            return keys;
        } finally {
            uploads.shutdownNow();
        }
    }

    /** The ObjectCreated:Put event S3 sends for the object; sequencers are distinct per object, as S3's are. */
    private static byte[] event(String bucket, String key, String etag, int i) {
        return Events.bytes(Events.forObject("object-created-put.json", bucket, key, CSV.length, etag,
                String.format("%016X", 0x1000 + i), null));
    }

    /** One execution environment's life: created on its first event, then one event at a time until the run ends. */
    private void runEnvironment() {
        Environment env = null;
        try {
            while (!stop.get()) {
                AsyncInvokeQueue.Invocation invocation = queue.poll(Duration.ofMillis(20));
                if (invocation == null) {
                    continue;
                }
                if (env == null) {
                    env = newEnvironment();
                }
                if (!invoke(env, invocation)) {
                    return; // killed: this environment is gone; its replacement was started by the kill handling
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            harnessFailure = t;
        }
    }

    /** Hands one event to the environment's handler; false when the environment was killed during it. */
    private boolean invoke(Environment env, AsyncInvokeQueue.Invocation invocation) throws InterruptedException {
        IngestHandler handler = env.handler;
        if (pooled.length > 0) {
            env.slot = freeSlots.take(); // RDS Proxy: wait for a pooled database connection (ConnectionBorrowTimeout)
            handler = env.slotHandlers[env.slot];
        }
        env.current = invocation;
        long t0 = System.nanoTime();
        try {
            handler.handleRequest(new ByteArrayInputStream(invocation.event()), new ByteArrayOutputStream(), null);
            queue.succeeded(invocation);
        } catch (Throwable e) {
            if (env.dead) {
                return false; // the stranded thread of a killed environment unwinding at the end of the run
            }
            queue.failed(invocation, e); // the invocation's error: Lambda's async retry takes over
        } finally {
            if (!env.dead) {
                invocationNanos.add(System.nanoTime() - t0);
                env.current = null;
                if (pooled.length > 0) {
                    freeSlots.add(env.slot); // the connection goes back to the proxy's pool, still open
                }
            }
        }
        if (handled.incrementAndGet() >= settings.faultAfter() * settings.events() && faultStarted.compareAndSet(false, true)) {
            startFault(env);
        }
        return true;
    }

    private void startFault(Environment current) {
        switch (settings.fault()) {
            case NONE, S3_SLOWDOWN -> { } // SlowDown reads faultStarted itself
            case DB_RESTART -> runners.submit(() -> {
                try {
                    pg.restart(settings.scaled(settings.dbDowntime()));
                } catch (Exception e) {
                    harnessFailure = e;
                }
            });
            case SFN_THROTTLE -> sfn.throttleEverythingFor(settings.scaled(BurstSettings.SFN_THROTTLE_WINDOW));
            case ENV_KILL -> {
                current.kill.arm();
                runners.submit(() -> afterKill(current));
            }
        }
    }

    /**
     * The killed environment's process is gone: its database session closes (the kernel closes the socket), a proxy
     * connection it held goes back to the pool, Lambda records the invocation as failed (Runtime.ExitError) and retries
     * the event, and a new environment takes the freed concurrency.
     */
    private void afterKill(Environment env) {
        try {
            env.kill.died.await();
            AsyncInvokeQueue.Invocation inFlight = env.current;
            env.dead = true;
            if (pooled.length > 0) {
                freeSlots.add(env.slot); // the proxy keeps its database connection when a client goes away
            } else {
                env.database.closeConnection();
            }
            queue.failed(inFlight, new IllegalStateException("Runtime.ExitError: execution environment killed"));
            runners.submit(this::runEnvironment);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            harnessFailure = e;
        }
    }

    private Environment newEnvironment() {
        FaultInjectingHttpClient.Kill kill = new FaultInjectingHttpClient.Kill();
        S3Client s3Client = s3.newClient(new FaultInjectingHttpClient(UrlConnectionHttpClient.create(), slowDown, null));
        SfnClient sfnClient = sfn.client(new FaultInjectingHttpClient(sfn, null, kill));
        Database database = pg.newDatabase();
        IngestConfig config = new IngestConfig(pg.dbConfig(), fixture.bucket, STATE_MACHINE, "incoming/", "results/", 1 << 30);
        Environment env = new Environment(new IngestHandler(config, s3Client, sfnClient, database), database, kill);
        // Behind the proxy the environment's queries go over whichever pooled connection it borrowed: one handler per
        // pool slot, all sharing this environment's S3 and Step Functions clients.
        env.slotHandlers = new IngestHandler[pooled.length];
        for (int i = 0; i < pooled.length; i++) {
            env.slotHandlers[i] = new IngestHandler(config, s3Client, sfnClient, pooled[i]);
        }
        environments.add(env);
        return env;
    }

    private double[] latencies() {
        return invocationNanos.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
    }

    private void shutDown() throws InterruptedException {
        synchronized (environments) {
            for (Environment env : environments) {
                env.kill.release();
                env.database.close();
            }
        }
        for (Database d : pooled) {
            d.close();
        }
        runners.shutdownNow();
        runners.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** One execution environment: the handler instance Lambda initialised, and what dies with it. */
    private static final class Environment {
        final IngestHandler handler;
        final Database database;
        final FaultInjectingHttpClient.Kill kill;
        volatile AsyncInvokeQueue.Invocation current;
        volatile IngestHandler[] slotHandlers;
        volatile int slot;
        volatile boolean dead;

        Environment(IngestHandler handler, Database database, FaultInjectingHttpClient.Kill kill) {
            this.handler = handler;
            this.database = database;
            this.kill = kill;
        }
    }
}
