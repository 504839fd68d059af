package com.ingestpipeline.functions.worker;

import com.ingestpipeline.functions.common.aws.AwsClients;
import com.ingestpipeline.functions.common.config.Env;
import com.ingestpipeline.functions.common.db.Database;
import com.ingestpipeline.functions.common.db.FileRepository;
import com.ingestpipeline.functions.worker.job.JobRegistry;
import com.ingestpipeline.functions.worker.job.duckdb.DuckDbSettings;
import com.ingestpipeline.functions.worker.job.sql.SqlJob;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Entry point of {@code batch-worker.jar}, run by the systemd unit the user data installs. Reads
 * the worker environment file's variables, polls until idle (then powers off) or SIGTERM (then
 * drains), and exits.
 */
public final class WorkerMain {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        WorkerSettings settings = WorkerSettings.fromEnv(Env.system());
        JobRegistry jobs = jobs(settings);
        DuckDbSettings duckdb = DuckDbSettings.forThisMachine(settings.concurrency(), settings.workDir());
        try (Database db = Database.fromEnvironment(); S3Client s3 = AwsClients.s3(); SfnClient sfn = sfnClient()) {
            TaskProcessor processor = new TaskProcessor(s3, new FileRepository(db), jobs, settings.workDir(), duckdb);
            ActivityWorker worker = new ActivityWorker(sfn, processor, settings, PowerOff.command(), Clock.systemUTC());
            Thread hook = new Thread(() -> {
                LOG.info("SIGTERM: draining {} running task(s)", worker.activeTasks());
                try {
                    worker.shutdown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "worker-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            LOG.info("worker {} polling {} (concurrency {}, jobs {}, default {}, DuckDB memory_limit {} threads {} "
                    + "per task, idle power-off {})", settings.workerName(), settings.activityArn(),
                    settings.concurrency(), jobs.names(), jobs.defaultJob(), duckdb.memoryLimit(), duckdb.threads(),
                    settings.idleShutdown().isZero() ? "off" : settings.idleShutdown().toSeconds() + " s");
            boolean poweredOff = worker.run();
            LOG.info("worker stopped{}", poweredOff ? " (power-off requested)" : "");
        }
    }

    /** The jobs on the class path, plus the stack's SQL job (then the default) when {@code SQL_JOB_FILE} is set. */
    static JobRegistry jobs(WorkerSettings settings) throws java.io.IOException {
        JobRegistry jobs = JobRegistry.discover();
        if (settings.sqlJobFile() == null) {
            return jobs;
        }
        return jobs.with(SqlJob.fromFile(settings.sqlJobFile())).withDefault(SqlJob.NAME);
    }

    /** Step Functions client whose socket timeout outlasts GetActivityTask's 60 s long poll. */
    static SfnClient sfnClient() {
        return SfnClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(ActivityWorker.POLL_SOCKET_TIMEOUT)
                        .build())
                .build();
    }
}
