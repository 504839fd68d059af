package com.ingestpipeline.functions.worker.job.sql;

import static com.ingestpipeline.functions.worker.job.JobRun.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ingestpipeline.functions.worker.TaskFailure;
import com.ingestpipeline.functions.worker.job.JobRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlJobTest {
    private static final String CSV = "country,amount\nNO,10\nSE,5\nNO,2.5\nbroken\nSE,1\nDK,7\n";

    @TempDir
    Path tmp;

    @Test
    void query_runsOverTheViewInput_andItsResultIsTheParquet() throws Exception {
        Path file = tmp.resolve("by-country.sql");
        Files.writeString(file, "-- totals per country\nSELECT country, sum(amount) AS total, count(*) AS n\n"
                + "FROM input GROUP BY country;\n-- trailing comment");

        JobRun r = JobRun.run(SqlJob.fromFile(file), tmp, "csv", "none", utf8(CSV));

        assertThat(r.result.outputs()).containsOnlyKeys("result", "rejects");
        assertThat(r.rows("result", "country")).containsExactly(
                List.of("DK", "7.0", "1"), List.of("NO", "12.5", "2"), List.of("SE", "6.0", "2"));
        assertThat(r.result.rowCount()).isEqualTo(3);
        assertThat(r.result.malformedCount()).isEqualTo(1);
        assertThat(r.rows("rejects", "line")).singleElement().satisfies(row -> assertThat(row.get(0)).isEqualTo("5"));
        assertThat(r.result.summary().get("sqlFile").asText()).isEqualTo("by-country.sql");
        assertThat(r.result.summary().get("sqlSha256").asText()).hasSize(64);
    }

    @Test
    void badSql_failsPermanentlyWithDuckDbsMessage_andCommitsNothing() throws Exception {
        Path dir = tmp.resolve("task");
        Files.createDirectories(dir);
        Path input = dir.resolve("input");
        Files.writeString(input, CSV);
        SqlJob job = new SqlJob("SELECT countryy FROM input", "typo.sql");

        assertThatThrownBy(() -> job.run(JobRun.context(dir, input, "csv", "none")))
                .isInstanceOfSatisfying(TaskFailure.class, f -> assertThat(f.kind()).isEqualTo(TaskFailure.Kind.PERMANENT))
                .hasMessageStartingWith("SQL job typo.sql failed: DuckDB: Binder Error")
                .hasMessageContaining("countryy");
        try (var left = Files.list(dir.resolve("out"))) {
            assertThat(left).as("no result, no partial file").isEmpty();
        }
    }

    @Test
    void sqlCannotReadFilesOutsideTheTask() throws Exception {
        Path secret = tmp.resolve("elsewhere.csv");
        Files.writeString(secret, "a\n1\n");
        SqlJob job = new SqlJob("SELECT * FROM read_csv('" + secret + "')", "escape.sql");

        assertThatThrownBy(() -> JobRun.run(job, tmp, "csv", "none", utf8(CSV)))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("Permission Error");
    }

    @Test
    void sqlCannotLiftTheLimits() throws Exception {
        SqlJob job = new SqlJob("SELECT * FROM input; SET memory_limit = '64GB'", "settings.sql");

        assertThatThrownBy(() -> JobRun.run(job, tmp, "csv", "none", utf8(CSV)))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("SQL job settings.sql failed")
                .hasMessageContaining("Expected a single SELECT statement");
    }

    @Test
    void emptyFile_isRefusedWhenTheWorkerStarts() throws Exception {
        Path file = tmp.resolve("empty.sql");
        Files.writeString(file, " ;\n");

        assertThatThrownBy(() -> SqlJob.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty.sql is empty");
    }
}
