package com.ingestpipeline.functions.ingest;

import com.ingestpipeline.functions.common.db.Database;
import com.ingestpipeline.functions.common.db.FileRepository;
import com.ingestpipeline.functions.common.db.FileStatus;
import com.ingestpipeline.functions.common.db.NewFile;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import com.ingestpipeline.functions.common.testing.TestS3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Prints the ingest function's figures beside their floors (docs/ingest-function.md). Not a test: run with
 * {@code mvn -B -ntp -f functions/pom.xml -pl ingest -am -Pbench -DskipTests verify}.
 *
 * <ol>
 *   <li>Throughput: one-record S3 events through {@link IngestHandler} into PostgreSQL (real embedded PostgreSQL and
 *       in-process S3; Step Functions stubbed), beside raw floor loops ({@link FloorKind}), the being HEAD +
 *       INSERT per object.</li>
 *   <li>Cold start: a fresh JVM running the built jar, from process spawn to the first event handled (including
 *       reading the secret, connecting to PostgreSQL, S3 and Step Functions calls), beside a trivial handler
 *       launched the same way; init and the first event after init apart ({@link ColdStartRuns}).</li>
 *   <li>Jar size.</li>
 * </ol>
 * Last it prints {@code bench ingest: throughput_ratio=... cold_ratio=... init_ms=... first_event_ms=... trivial_ms=...
 * jar_mb=...}. With {@code record-classes <file>} as fourth and fifth arguments it records Priming's class list instead.
 * Arguments: the shaded jar, the test classes directory (for the launcher), optionally records per round and
 * {@code throughput} or {@code cold} to run one part only.
 */
public final class IngestBenchmark {
    private static final byte[] CSV = "id,name,amount\n1,alice,3.5\n2,bob,4\n".getBytes(StandardCharsets.UTF_8);
    private static final int ROUNDS = 15;
    private static final int BLOCK = 10;

    private IngestBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(args);
            // exit, not halt: S3Mock's non-daemon threads would keep the JVM alive, and the shutdown hooks stop the
            // embedded PostgreSQL (halt left one server running per benchmark run).
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path testClasses = Path.of(args[1]);
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        // "throughput" or "cold" runs one part only (for measuring a single change); default both.
        String only = args.length > 3 ? args[3] : "all";
        TestDatabase pg = TestDatabase.get();
        TestS3 s3 = TestS3.get();
        String bucket = s3.createBucket("bench-" + System.currentTimeMillis());

        List<String> keys = new ArrayList<>();
        List<String> etags = new ArrayList<>();
        for (int i = 0; i < perRound; i++) {
            String key = "incoming/bench/file-" + i + ".csv";
            keys.add(key);
            etags.add(s3.client().putObject(b -> b.bucket(bucket).key(key).contentType("text/csv"),
                    RequestBody.fromBytes(CSV)).eTag().replace("\"", ""));
        }

        if (only.equals("record-classes")) {
            ColdStartRuns.recordFirstEventClasses(jar, testClasses, pg, s3, bucket, Path.of(args[4]));
            return;
        }
        String loadBefore = loadAverage();
        double throughputRatio = only.equals("cold") ? Double.NaN : throughput(pg, s3, bucket, keys, etags);
        ColdStartRuns.Result cold = only.equals("throughput") ? null : ColdStartRuns.run(jar, testClasses, pg, s3, bucket);
        long jarBytes = Files.size(jar);
        System.out.printf("| jar size | %,d bytes (%.2f MiB) | | | <= 15 MB |%n", jarBytes, jarBytes / 1048576.0);
        System.out.println();
        System.out.println("load average (1/5/15 min) before: " + loadBefore + ", after: " + loadAverage()
                + ", cores: " + Runtime.getRuntime().availableProcessors());
        System.out.printf(java.util.Locale.ROOT, "bench ingest: throughput_ratio=%.3f cold_ratio=%.2f init_ms=%d"
                        + " first_event_ms=%d trivial_ms=%d jar_mb=%.2f%n", throughputRatio,
                cold == null ? Double.NaN : (double) cold.firstEventMs() / cold.trivialMs(),
                cold == null ? -1 : cold.initMs(), cold == null ? -1 : cold.firstEventMs(),
                cold == null ? -1 : cold.trivialMs(), jarBytes / 1048576.0);
        System.out.flush();
    }

    /**
     * Each round sends the same {@code keys} through the handler and each {@link FloorKind}, interleaved in blocks of
     * {@value #BLOCK} records: on a shared machine, load from other processes then falls on all of them alike, and the
     * per-round ratio is much steadier than either rate. Ratios are the median of the per-round ratios.
     */
    /** Prints the throughput table; returns the median ratio to the raw loop that makes the handler's own calls. */
    private static double throughput(TestDatabase pg, TestS3 s3, String bucket, List<String> keys, List<String> etags)
            throws Exception {
        FloorKind[] kinds = FloorKind.values();
        double[] handlerRates = new double[ROUNDS];
        double[][] floorRates = new double[kinds.length][ROUNDS];
        double[][] ratios = new double[kinds.length][ROUNDS];
        throughputRound(pg, s3, bucket, keys, etags, 0); // warm-up
        for (int r = 0; r < ROUNDS; r++) {
            double[] rates = throughputRound(pg, s3, bucket, keys, etags, r + 1);
            handlerRates[r] = rates[0];
            for (int k = 0; k < kinds.length; k++) {
                floorRates[k][r] = rates[k + 1];
                ratios[k][r] = rates[0] / rates[k + 1];
            }
        }
        System.out.println();
        System.out.println("| measure | ingest function | floor | ratio | goal |");
        System.out.println("|---|---|---|---|---|");
        for (FloorKind k : kinds) {
            System.out.printf("| throughput, records/s (median of %d rounds x %d one-record events) | %.0f | %.0f (%s) | %.2f | %s |%n",
                    ROUNDS, keys.size(), median(handlerRates), median(floorRates[k.ordinal()]), k.description,
                    median(ratios[k.ordinal()]), k == FloorKind.GET_UPSERT_UPDATE ? ">= 0.9" : "(context)");
        }
        System.out.println("rounds handler records/s: " + Arrays.toString(round(handlerRates)));
        for (FloorKind k : kinds) {
            System.out.println("rounds " + k + " records/s: " + Arrays.toString(round(floorRates[k.ordinal()]))
                    + "  ratios: " + Arrays.toString(Arrays.stream(ratios[k.ordinal()]).map(x -> Math.round(x * 100) / 100.0).toArray()));
        }
        return median(ratios[FloorKind.GET_UPSERT_UPDATE.ordinal()]);
    }

    /** One round: records/s of the handler, then of each {@link FloorKind} in order. */
    private static double[] throughputRound(TestDatabase pg, TestS3 s3, String bucket, List<String> keys,
                                            List<String> etags, int round) throws Exception {
        pg.truncate();
        SfnClient sfn = new StubSfn();
        IngestConfig config = new IngestConfig(pg.dbConfig(), bucket, "arn:aws:states:us-east-1:000000000000:stateMachine:f",
                "incoming/", "results/", 1 << 30);
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            events.add(Events.bytes(Events.forObject("object-created-put.json", bucket, keys.get(i), CSV.length,
                    etags.get(i), String.format("%04X%012X", round, i), null)));
        }
        FloorKind[] kinds = FloorKind.values();
        long[] nanos = new long[kinds.length + 1];
        List<Floor> floors = new ArrayList<>();
        try (Database db = pg.newDatabase()) {
            for (FloorKind k : kinds) {
                floors.add(new Floor(pg, s3.client(), sfn, config.stateMachineArn(), bucket, k, round));
            }
            IngestHandler handler = new IngestHandler(config, s3.client(), sfn, db);
            // Connected before timing, as each floor is: a Lambda environment connects once, in its init (or on its
            // first event after a SnapStart restore), not per round of this loop.
            db.withConnection(c -> c.isValid(5));
            for (int from = 0, block = 0; from < keys.size(); from += BLOCK, block++) {
                int to = Math.min(keys.size(), from + BLOCK);
                // The loop that runs first in a block is the first to touch its objects in S3 and its index pages in
                // PostgreSQL; rotating the order gives every loop that position equally often.
                for (int turn = 0; turn <= kinds.length; turn++) {
                    int loop = (block + turn) % (kinds.length + 1);
                    long t0 = System.nanoTime();
                    for (int i = from; i < to; i++) {
                        if (loop == 0) {
                            handler.handleRequest(new ByteArrayInputStream(events.get(i)), new ByteArrayOutputStream(), null);
                        } else {
                            floors.get(loop - 1).record(keys.get(i), i);
                        }
                    }
                    nanos[loop] += System.nanoTime() - t0;
                }
            }
        } finally {
            for (Floor f : floors) {
                f.close();
            }
        }
        return Arrays.stream(nanos).mapToDouble(n -> keys.size() / (n / 1e9)).toArray();
    }

    /** The external calls each floor makes per object, raw, in a loop. */
    enum FloorKind {
        /** The floor. */
        HEAD_INSERT("raw HEAD + INSERT loop"),
        /** Reads the same first 16 KiB the handler reads (one ranged GET instead of the HEAD). */
        GET_INSERT("raw ranged GET + INSERT loop"),
        /**
         * The calls of the floor used until 2026-12-02: the ranged GET, a 7-column upsert returning the id and an
         * unguarded execution-name UPDATE. Lighter than the handler's own statements; kept to compare with earlier
         * figures.
         */
        GET_SIMPLE_UPSERT_UPDATE("raw ranged GET + 7-column upsert + UPDATE loop, the floor until 2026-12-02"),
        /**
         * Exactly the handler's calls, raw: the ranged GET, then {@link FileRepository#UPSERT} with the row the
         * handler writes for these objects, then {@code StartExecution} on the same stub with an input of the
         * handler's shape, then {@link FileRepository#SET_EXECUTION_NAME}; statements prepared once.
         */
        GET_UPSERT_UPDATE("raw ranged GET + upsert + UPDATE loop, the handler's own statements");

        final String description;

        FloorKind(String description) {
            this.description = description;
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * Step Functions answered in memory. A plain implementation rather than a Mockito mock: Mockito records and
     * matches every call, which showed as several percent of the handler's CPU per record in a profile. That is
     * fixture overhead, not the handler's, and the floors make no such call.
     */
    private static final class StubSfn implements SfnClient {
        private static final StartExecutionResponse STARTED =
                StartExecutionResponse.builder().executionArn("arn:aws:states:::execution:x").build();

        @Override
        public StartExecutionResponse startExecution(StartExecutionRequest request) {
            if (request.name() == null || request.input() == null) {
                throw new IllegalArgumentException("StartExecution without a name or input");
            }
            return STARTED;
        }

        @Override
        public String serviceName() {
            return SfnClient.SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }

    /**
     * One {@link FloorKind} done raw, on one connection with prepared statements made once. Each floor writes its
     * own {@code version_id}, so the loops never collide on the unique key.
     */
    private static final class Floor implements AutoCloseable {
        private static final List<String> COLUMNS = List.of("id", "name", "amount");

        private final S3Client s3;
        private final SfnClient sfn;
        private final String stateMachineArn;
        private final String bucket;
        private final FloorKind kind;
        private final int round;
        private final Connection connection;
        private final PreparedStatement write;
        private final PreparedStatement update;

        Floor(TestDatabase pg, S3Client s3, SfnClient sfn, String stateMachineArn, String bucket, FloorKind kind,
              int round) throws Exception {
            this.s3 = s3;
            this.sfn = sfn;
            this.stateMachineArn = stateMachineArn;
            this.bucket = bucket;
            this.kind = kind;
            this.round = round;
            Database db = pg.newDatabase();
            connection = DriverManager.getConnection(db.config().jdbcUrl(), db.connectionProperties(db.credentials()));
            String insert = "INSERT INTO ingest_file (bucket, object_key, version_id, etag, sequencer, size_bytes,"
                    + " content_type, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'received')";
            write = connection.prepareStatement(switch (kind) {
                case HEAD_INSERT, GET_INSERT -> insert;
                case GET_SIMPLE_UPSERT_UPDATE -> insert + " ON CONFLICT ON CONSTRAINT ingest_file_object_version DO"
                        + " UPDATE SET etag = EXCLUDED.etag, sequencer = EXCLUDED.sequencer RETURNING id";
                case GET_UPSERT_UPDATE -> FileRepository.UPSERT;
            });
            update = connection.prepareStatement(kind == FloorKind.GET_UPSERT_UPDATE ? FileRepository.SET_EXECUTION_NAME
                    : "UPDATE ingest_file SET execution_name = ?, updated_at = now() WHERE id = ?");
        }

        void record(String key, int i) throws Exception {
            String etag;
            long size;
            String contentType;
            if (kind == FloorKind.HEAD_INSERT) {
                HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key(key));
                etag = h.eTag();
                size = h.contentLength();
                contentType = h.contentType();
            } else {
                var got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=0-16383"));
                etag = got.response().eTag();
                size = got.asByteArray().length;
                contentType = got.response().contentType();
            }
            // The handler's sequencer and execution-name shapes (16 and 66 characters), without its work.
            String sequencer = String.format("%04X%012X", round, i);
            if (kind == FloorKind.GET_UPSERT_UPDATE) {
                FileRepository.bindUpsert(write, new NewFile(bucket, key, kind.name(), etag, sequencer, size,
                        contentType, "csv", "none", COLUMNS, FileStatus.RECEIVED, null));
            } else {
                write.setString(1, bucket);
                write.setString(2, key);
                write.setString(3, kind.name());
                write.setString(4, etag);
                write.setString(5, sequencer);
                write.setLong(6, size);
                write.setString(7, contentType);
            }
            if (kind == FloorKind.HEAD_INSERT || kind == FloorKind.GET_INSERT) {
                write.executeUpdate();
                return;
            }
            long id;
            try (ResultSet rs = write.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            String name = "f-" + sequencer + sequencer + sequencer + sequencer;
            if (kind == FloorKind.GET_UPSERT_UPDATE) {
                sfn.startExecution(StartExecutionRequest.builder().stateMachineArn(stateMachineArn).name(name)
                        .input("{\"fileId\":" + id + ",\"bucket\":\"" + bucket + "\",\"key\":\"" + key
                                + "\",\"versionId\":null,\"etag\":" + etag + ",\"format\":\"csv\","
                                + "\"compression\":\"none\",\"resultsPrefix\":\"results/\"}")
                        .build());
            }
            update.setString(1, name);
            update.setLong(2, id);
            if (kind == FloorKind.GET_UPSERT_UPDATE) {
                update.setString(3, sequencer);
            }
            update.executeUpdate();
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static long medianLong(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long[] round(double[] v) {
        return Arrays.stream(v).mapToLong(Math::round).toArray();
    }
}
