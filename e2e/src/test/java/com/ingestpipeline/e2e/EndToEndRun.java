package com.ingestpipeline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.e2e.fakes.FakeSecretsManager;
import com.ingestpipeline.e2e.fakes.FakeStepFunctions;
import com.ingestpipeline.e2e.runtime.ApiCallRecorder;
import com.ingestpipeline.e2e.runtime.ChildJvm;
import com.ingestpipeline.e2e.runtime.LambdaFunctionProcess;
import com.ingestpipeline.e2e.runtime.LocalRuntimeApi;
import com.ingestpipeline.e2e.runtime.WorkerProcess;
import com.ingestpipeline.e2e.runtime.WorkerUserData;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import com.ingestpipeline.functions.common.testing.TestS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The whole flow, run once per test JVM and shared by the tests that assert on it: a CSV uploaded under the
 * stack's input prefix → its S3 event → the planned ingest function (its jar, handler and environment) in a
 * Lambda-like JVM → the {@code received} row and the captured StartExecution → that input as an activity task
 * to the planned worker (its jar, the environment file its boot script writes, its unit's command) → results in
 * S3 and PostgreSQL → the same event delivered again.
 *
 * <p>Overrides of planned values, all listed in {@link #functionOverrides} and {@link #workerOverrides}: the
 * database location (embedded PostgreSQL instead of RDS, TLS off), the worker's work directory (a scratch directory
 * instead of the EBS mount) and the AWS endpoints ({@code AWS_ENDPOINT_URL_*} to the local servers).
 */
public final class EndToEndRun {
    public static final String STACK = "dev";
    public static final String INGEST_HANDLER = "com.ingestpipeline.functions.ingest.IngestHandler::handleRequest";
    public static final String SAMPLE_RELATIVE_KEY = "daily sales/orders+returns 2026-01-15.csv";
    public static final String SAMPLE_CSV = """
            order_id,city,amount,shipped
            1,Lisbon,10.50,true
            2,Porto,,false
            3,Lisbon,7.25,true
            4,Faro,100.00,false
            5,Porto,2.25,true
            """;
    /** The example stack's SQL job (examples/byo-vpc), run by the second worker. */
    public static final Path SQL_JOB = Path.of(System.getProperty("e2e.repoRoot", ".."),
            "examples/byo-vpc/jobs/orders-by-city.sql");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EndToEndRun instance;
    private static Throwable failure;

    public final Plan plan = Plan.load(STACK);
    public final Plan.Resource ingestFunction = plan.functionWithHandler(INGEST_HANDLER);
    public final String bucket;
    public final String inputPrefix;
    public final String resultsPrefix;
    public final String key;
    public final String activityArn;
    public final Map<String, String> functionOverrides = new LinkedHashMap<>();
    public final Map<String, String> workerOverrides = new LinkedHashMap<>();
    public final ApiCallRecorder functionCalls;
    public final ApiCallRecorder workerCalls;
    public final FakeStepFunctions stepFunctions = new FakeStepFunctions(Duration.ofSeconds(2));
    /**
     * How long a worker may take to answer a task: a ceiling, not a wait (the poll returns as soon as the task is
     * answered, and at once if the worker exits). A few seconds on a quiet machine; generous for one shared by
     * several builds (a cold JVM, DuckDB's natives unpacked, embedded PostgreSQL and S3 on the same 2 cores).
     */
    static final Duration WORKER_ANSWER_CEILING = Duration.ofMinutes(5);
    public final FakeSecretsManager secretsManager = new FakeSecretsManager();

    // What happened, for the assertions.
    public LocalRuntimeApi.Outcome firstDelivery;
    public List<Map<String, Object>> rowsAfterIngest;
    public JsonNode executionInput;
    public String executionName;
    public FakeStepFunctions.Task task;
    public List<Map<String, Object>> rowsAfterWorker;
    public List<Map<String, Object>> resultsAfterWorker;
    public List<String> objectsBefore;
    public List<String> objectsAfterWorker;
    public LocalRuntimeApi.Outcome secondDelivery;
    public List<Map<String, Object>> rowsAfterRedelivery;
    public List<Map<String, Object>> resultsAfterRedelivery;
    public List<String> objectsAfterRedelivery;
    public int startExecutionsAfterWorker;
    public int executionsAfterRedelivery;
    public int acceptedStartsAfterRedelivery;
    public int workerExitCode;
    public FakeStepFunctions.Task sqlTask;
    public List<Map<String, Object>> resultsAfterSqlWorker;
    public String workerMainClass;

    private EndToEndRun() {
        Path work = Path.of(System.getProperty("e2e.workDir", "target/e2e-work")).toAbsolutePath();
        this.bucket = plan.output("bucketName");
        this.inputPrefix = ingestFunction.environment().get("INPUT_PREFIX");
        this.resultsPrefix = ingestFunction.environment().get("RESULTS_PREFIX");
        this.key = inputPrefix + SAMPLE_RELATIVE_KEY;
        this.activityArn = plan.output("activityArn");
        this.functionCalls = new ApiCallRecorder(work.resolve("api-calls/ingest-function.jsonl"), "ingest-function");
        this.workerCalls = new ApiCallRecorder(work.resolve("api-calls/worker.jsonl"), "worker");
    }

    /** The run, executed on first use; a failed run fails every later caller the same way without re-running. */
    public static synchronized EndToEndRun get() throws Exception {
        if (failure != null) {
            throw new IllegalStateException("the end-to-end run failed earlier in this JVM: " + failure, failure);
        }
        if (instance == null) {
            EndToEndRun run = new EndToEndRun();
            try {
                run.execute();
            } catch (Exception | AssertionError e) {
                failure = e;
                throw e;
            }
            instance = run;
        }
        return instance;
    }

    private void execute() throws Exception {
        Path work = Path.of(System.getProperty("e2e.workDir", "target/e2e-work")).toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work);

        TestDatabase db = TestDatabase.get();
        db.truncate();
        TestS3 s3 = TestS3.get();
        Map<String, String> fnEnv = ingestFunction.environment();
        secretsManager.put(fnEnv.get("DB_SECRET_ARN"), TestDatabase.USER, TestDatabase.PASSWORD);
        stepFunctions.stateMachine(fnEnv.get("STATE_MACHINE_ARN")).activity(activityArn);

        if ("Enabled".equals(plan.resource("aws:s3/bucketVersioningV2:BucketVersioningV2", "-ingest-bucket-versioning")
                .inputs().path("versioningConfiguration").path("status").asText())) {
            s3.createVersionedBucket(bucket);
        } else {
            s3.createBucket(bucket);
        }

        // The database and the AWS endpoints are the only planned values replaced.
        functionOverrides.put("DB_HOST", "localhost");
        functionOverrides.put("DB_PORT", Integer.toString(db.port()));
        functionOverrides.put("DB_SSL_MODE", "disable");
        if (!TestDatabase.NAME.equals(fnEnv.get("DB_NAME"))) {
            functionOverrides.put("DB_NAME", TestDatabase.NAME);
        }
        functionOverrides.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        functionOverrides.put("AWS_ENDPOINT_URL_SFN", stepFunctions.endpoint().toString());
        functionOverrides.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.endpoint().toString());

        // 1. The upload and its event.
        s3.client().putObject(b -> b.bucket(bucket).key(key).contentType("text/csv"),
                RequestBody.fromString(SAMPLE_CSV, StandardCharsets.UTF_8));
        HeadObjectResponse head = s3.client().headObject(b -> b.bucket(bucket).key(key));
        String configurationId = plan.resource("aws:s3/bucketNotification:BucketNotification", "-notification")
                .inputs().path("lambdaFunctions").path(0).path("id").asText("ingest-pipeline-" + STACK);
        byte[] event = S3Events.objectCreated(plan.config("aws:region"), bucket, key, head,
                String.format("%018X", Instant.now().toEpochMilli() << 8), configurationId, Instant.now());
        objectsBefore = objects(s3);

        System.out.printf("end-to-end: plan %s, child JVM %s%n  ingest function %s overrides %s%n", plan.file(),
                ChildJvm.java(), ingestFunction.name(), functionOverrides);
        try (LambdaFunctionProcess function = LambdaFunctionProcess.start(plan, ingestFunction, functionOverrides,
                functionCalls, work)) {
            // 2. The ingest function, cold, then the row and the execution it started.
            firstDelivery = function.invoke(event, Duration.ofSeconds(120));
            rowsAfterIngest = rows(db, "SELECT * FROM ingest_file ORDER BY id");
            var starts = stepFunctions.calls("StartExecution").stream().filter(c -> c.error() == null).toList();
            if (firstDelivery.failed() || starts.size() != 1) {
                throw new AssertionError("ingest function did not start one execution: " + firstDelivery
                        + ", StartExecution calls " + stepFunctions.calls("StartExecution") + "; log:\n"
                        + ChildJvm.tail(function.log(), 40));
            }
            executionInput = JSON.readTree(starts.get(0).request().path("input").asText());
            executionName = starts.get(0).request().path("name").asText();

            // 3. The worker takes that input as an activity task.
            Plan.Resource instance = plan.resource("aws:ec2/instance:Instance", "-worker-0");
            WorkerUserData userData = WorkerUserData.render(instance, "i-0e2e000000000000a", work.resolve("boot"));
            workerMainClass = userData.mainClass();
            Path workerJar = plan.resource("aws:s3/bucketObjectv2:BucketObjectv2", "-worker-jar").assetPath("source");
            Path workDir = Files.createDirectories(work.resolve("ebs/work"));
            workerOverrides.put("DB_HOST", "localhost");
            workerOverrides.put("DB_PORT", Integer.toString(db.port()));
            workerOverrides.put("DB_SSL_MODE", "disable");
            if (!TestDatabase.NAME.equals(userData.environmentFile().get("DB_NAME"))) {
                workerOverrides.put("DB_NAME", TestDatabase.NAME);
            }
            workerOverrides.put("WORK_DIR", workDir.toString());
            workerOverrides.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
            workerOverrides.put("AWS_ENDPOINT_URL_SFN", stepFunctions.endpoint().toString());
            workerOverrides.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.endpoint().toString());
            System.out.printf("  worker %s (%s) overrides %s%n", workerJar, workerMainClass, workerOverrides);
            try (WorkerProcess worker = WorkerProcess.start(userData, workerJar, workerOverrides, workerCalls, work)) {
                task = stepFunctions.offerTask(activityArn, executionName, executionInput.toString());
                try {
                    stepFunctions.awaitOutcome(task, WORKER_ANSWER_CEILING, worker::isAlive);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; worker log:\n"
                            + ChildJvm.tail(worker.log(), 60), e);
                }
                rowsAfterWorker = rows(db, "SELECT * FROM ingest_file ORDER BY id");
                resultsAfterWorker = rows(db, "SELECT * FROM file_result ORDER BY file_id, job");
                objectsAfterWorker = objects(s3);
                startExecutionsAfterWorker = stepFunctions.calls("StartExecution").size();

                // 4. At-least-once delivery: the same event again, to the same warm function.
                secondDelivery = function.invoke(event, Duration.ofSeconds(60));
                rowsAfterRedelivery = rows(db, "SELECT * FROM ingest_file ORDER BY id");
                resultsAfterRedelivery = rows(db, "SELECT * FROM file_result ORDER BY file_id, job");
                objectsAfterRedelivery = objects(s3);
                executionsAfterRedelivery = stepFunctions.executions().size();
                acceptedStartsAfterRedelivery = (int) stepFunctions.calls("StartExecution").stream()
                        .filter(c -> c.error() == null).count();
                workerExitCode = worker.stop();
            }
            // The stopped worker's last long poll may still be held by the fake for up to its poll time; a task
            // offered before it ends would go to that dead poller (this once left the SQL step waiting for ever).
            stepFunctions.awaitNoPendingPolls(Duration.ofSeconds(60));

            // 5. The example's SQL job on a second upload, run by a worker whose boot script installed it, as it does
            // when the jar pointer names a SQL job (SQL_JOB_KEY set; the file stands in for the fetched object).
            String sqlKey = inputPrefix + "daily sales/orders 2026-01-16.csv";
            s3.client().putObject(b -> b.bucket(bucket).key(sqlKey).contentType("text/csv"),
                    RequestBody.fromString(SAMPLE_CSV, StandardCharsets.UTF_8));
            HeadObjectResponse sqlHead = s3.client().headObject(b -> b.bucket(bucket).key(sqlKey));
            LocalRuntimeApi.Outcome sqlDelivery = function.invoke(S3Events.objectCreated(plan.config("aws:region"),
                    bucket, sqlKey, sqlHead, String.format("%018X", Instant.now().toEpochMilli() << 8), configurationId,
                    Instant.now()), Duration.ofSeconds(60));
            var sqlStarts = stepFunctions.calls("StartExecution").stream().filter(c -> c.error() == null).toList();
            if (sqlDelivery.failed() || sqlStarts.size() != 2) {
                throw new AssertionError("second upload did not start an execution: " + sqlDelivery);
            }
            WorkerUserData sqlUserData = WorkerUserData.render(instance, "i-0e2e000000000000b", work.resolve("boot-sql"),
                    Map.of("SQL_JOB_KEY", "artifacts/batch-worker/example.sql"));
            Map<String, String> sqlOverrides = new LinkedHashMap<>(workerOverrides);
            sqlOverrides.put("SQL_JOB_FILE", SQL_JOB.toAbsolutePath().toString());
            try (WorkerProcess worker = WorkerProcess.start(sqlUserData, workerJar, sqlOverrides, workerCalls,
                    Files.createDirectories(work.resolve("sql-worker")))) {
                sqlTask = stepFunctions.offerTask(activityArn, sqlStarts.get(1).request().path("name").asText(),
                        sqlStarts.get(1).request().path("input").asText());
                try {
                    stepFunctions.awaitOutcome(sqlTask, WORKER_ANSWER_CEILING, worker::isAlive);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; SQL worker log:\n" + ChildJvm.tail(worker.log(), 60), e);
                }
                resultsAfterSqlWorker = rows(db, "SELECT * FROM file_result ORDER BY file_id, job");
                worker.stop();
            }
        }
    }

    /** Every object version in the bucket as {@code key @ versionId (etag)}. */
    private List<String> objects(TestS3 s3) {
        List<String> out = new ArrayList<>();
        s3.client().listObjectVersionsPaginator(b -> b.bucket(bucket)).versions()
                .forEach(v -> out.add(v.key() + " @ " + v.versionId() + " (" + v.eTag() + ")"));
        out.sort(String::compareTo);
        return out;
    }

    static List<Map<String, Object>> rows(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.adminConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new TreeMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.put(md.getColumnName(i), v == null ? null : v instanceof Number || v instanceof String ? v : v.toString());
                }
                out.add(row);
            }
            return out;
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
