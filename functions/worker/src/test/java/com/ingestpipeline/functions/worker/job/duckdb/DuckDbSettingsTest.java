package com.ingestpipeline.functions.worker.job.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DuckDbSettingsTest {
    private static final long GIB = 1L << 30;
    private static final Path TMP = Path.of("/data/work");

    @Test
    void memoryLimit_isWhatTheHeapAndTheReserveLeave_sharedByTheTasks() {
        // m7g.large: 8 GiB, heap ceiling 2 GiB (MaxRAMPercentage=25), two tasks.
        DuckDbSettings s = DuckDbSettings.derive(8 * GIB, 2 * GIB, 2, 2, TMP);

        assertThat(s.memoryLimitBytes()).isEqualTo((long) ((8 * GIB - 2 * GIB - (512L << 20)) * 0.8) / 2);
        assertThat(s.threads()).isEqualTo(1);
        assertThat(s.memoryLimit()).isEqualTo("2252MiB");
    }

    @Test
    void threads_areTheCoresSharedByTheTasks_atLeastOne() {
        assertThat(DuckDbSettings.derive(16 * GIB, GIB, 4, 1, TMP).threads()).isEqualTo(4);
        assertThat(DuckDbSettings.derive(16 * GIB, GIB, 2, 4, TMP).threads()).isEqualTo(1);
    }

    @Test
    void tooLittleMemoryPerTask_isRefusedWithTheFix() {
        assertThatThrownBy(() -> DuckDbSettings.derive(2 * GIB, GIB, 2, 8, TMP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 256 MiB").hasMessageContaining("lower worker concurrency");
    }
}
