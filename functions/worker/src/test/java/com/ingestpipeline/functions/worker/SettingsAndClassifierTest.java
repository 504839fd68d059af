package com.ingestpipeline.functions.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ingestpipeline.functions.common.config.ConfigException;
import com.ingestpipeline.functions.common.config.Env;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class SettingsAndClassifierTest {

    @Test
    void settings_readTheWorkerEnvironmentFile() {
        WorkerSettings s = WorkerSettings.fromEnv(Env.of(Map.of("ACTIVITY_ARN", "arn:aws:states:eu-west-1:1:activity:a",
                "WORK_DIR", "/data/work", "WORKER_CONCURRENCY", "2", "IDLE_SHUTDOWN_SECONDS", "0",
                "HEARTBEAT_INTERVAL_SECONDS", "30", "WORKER_NAME", "i-0abc")));

        assertThat(s.workDir()).isEqualTo(Path.of("/data/work"));
        assertThat(s.concurrency()).isEqualTo(2);
        assertThat(s.idleShutdown()).isZero();
        assertThat(s.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.workerName()).isEqualTo("i-0abc");
        assertThat(ActivityWorker.POLL_SOCKET_TIMEOUT).isGreaterThan(Duration.ofSeconds(65));
    }

    @Test
    void settings_reportEveryProblemAtOnce() {
        assertThatThrownBy(() -> WorkerSettings.fromEnv(Env.of(Map.of("ACTIVITY_ARN", "activity",
                "WORK_DIR", "work", "WORKER_CONCURRENCY", "0", "HEARTBEAT_INTERVAL_SECONDS", "soon"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ACTIVITY_ARN must be an activity ARN")
                .hasMessageContaining("WORK_DIR must be an absolute path")
                .hasMessageContaining("WORKER_CONCURRENCY must be 1..64 (got 0)")
                .hasMessageContaining("IDLE_SHUTDOWN_SECONDS is missing")
                .hasMessageContaining("HEARTBEAT_INTERVAL_SECONDS must be a whole number");
    }

    @Test
    void classifier_retriesWhatCanClear_andFailsFastOnWhatCannot() {
        assertThat(kind(S3Exception.builder().statusCode(503).message("slow down").build())).isEqualTo("Worker.Transient");
        assertThat(kind(S3Exception.builder().statusCode(403).message("denied").build())).isEqualTo("Worker.Permanent");
        assertThat(kind(S3Exception.builder().statusCode(412).message("etag").build())).isEqualTo("Worker.Permanent");
        assertThat(kind(SdkClientException.create("connection reset"))).isEqualTo("Worker.Transient");
        assertThat(kind(new SQLException("gone", "08006"))).isEqualTo("Worker.Transient");
        assertThat(kind(new SQLException("serialization", "40001"))).isEqualTo("Worker.Transient");
        assertThat(kind(new SQLException("check violated", "23514"))).isEqualTo("Worker.Permanent");
        assertThat(kind(new IOException("connection closed"))).isEqualTo("Worker.Transient");
        assertThat(kind(new IllegalStateException("bug"))).isEqualTo("Worker.Permanent");
        TaskFailure full = FailureClassifier.classify(
                SdkClientException.create("write failed", new FileSystemException("/data/work/x", null, "No space left on device")));
        assertThat(full.kind()).isEqualTo(TaskFailure.Kind.PERMANENT);
        assertThat(full.getMessage()).startsWith("work directory full");
    }

    private static String kind(Throwable t) {
        return FailureClassifier.classify(t).kind().errorName();
    }
}
