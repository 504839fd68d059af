package com.ingestpipeline.functions.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.functions.common.db.UpsertResult.Outcome;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FileRepositoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestDatabase pg = TestDatabase.get();
    private Database db;
    private FileRepository repo;

    @BeforeEach
    void setUp() {
        pg.truncate();
        db = pg.newDatabase();
        repo = new FileRepository(db);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static NewFile received(String key, String versionId, String etag, String sequencer) {
        return new NewFile("data", key, versionId, etag, sequencer, 120, "text/csv", "csv", "none",
                List.of("id", "name"), FileStatus.RECEIVED, null);
    }

    @Test
    void firstEvent_insertsOneReceivedRowWithAllMetadata() throws Exception {
        UpsertResult r = repo.upsert(received("incoming/a.csv", "v1", "etag1", "0055AED6DCD90281E5"));

        assertThat(r.outcome()).isEqualTo(Outcome.INSERTED);
        FileRecord f = r.file();
        assertThat(f.id()).isPositive();
        assertThat(f).extracting(FileRecord::bucket, FileRecord::key, FileRecord::versionId, FileRecord::etag,
                        FileRecord::sizeBytes, FileRecord::contentType, FileRecord::format, FileRecord::compression,
                        FileRecord::columns, FileRecord::status)
                .containsExactly("data", "incoming/a.csv", "v1", "etag1", 120L, "text/csv", "csv", "none",
                        List.of("id", "name"), FileStatus.RECEIVED);
        assertThat(f.receivedAt()).isNotNull();
        assertThat(rowCount()).isEqualTo(1);
        // The upsert builds its record from what it wrote: exactly the row as the database reads it back.
        assertThat(f).isEqualTo(repo.findById(f.id()).orElseThrow());
    }

    @Test
    void sameEventTwice_isDuplicateAndKeepsOneRow() throws Exception {
        long id = repo.upsert(received("k", "", "e", "0055AED6DCD90281E5")).file().id();
        repo.setExecutionName(id, "0055AED6DCD90281E5", "f-abc");

        UpsertResult again = repo.upsert(received("k", "", "e", "0055AED6DCD90281E5"));

        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(again.file().id()).isEqualTo(id);
        assertThat(again.file().executionName()).isEqualTo("f-abc");
        assertThat(rowCount()).isEqualTo(1);
    }

    @Test
    void olderEventAfterNewer_isStaleAndChangesNothing() throws Exception {
        repo.upsert(received("k", "", "new-etag", "0055AED6DCD90281F0"));

        // Shorter sequencer: compared after right-padding with zeros, so "0055AED6DCD90281E" < "0055AED6DCD90281F0".
        UpsertResult old = repo.upsert(received("k", "", "old-etag", "0055AED6DCD90281E"));

        assertThat(old.outcome()).isEqualTo(Outcome.STALE);
        assertThat(old.file().etag()).isEqualTo("new-etag");
        assertThat(rowCount()).isEqualTo(1);
    }

    @Test
    void newerEventForSameKey_replacesRowResetsStatusAndDropsOldResults() throws Exception {
        long id = repo.upsert(received("k", "", "old", "00A0")).file().id();
        assertThat(repo.setExecutionName(id, "00A0", "f-old")).isTrue();
        assertThat(repo.markProcessing(id, "old")).isTrue();
        assertThat(repo.completeWithResult(id, "old", result("profile", 3))).isTrue();

        UpsertResult newer = repo.upsert(received("k", "", "new", "00A1"));

        assertThat(newer.outcome()).isEqualTo(Outcome.REPLACED);
        assertThat(newer.file().id()).isEqualTo(id);
        assertThat(newer.file().etag()).isEqualTo("new");
        assertThat(newer.file().status()).isEqualTo(FileStatus.RECEIVED);
        assertThat(newer.file().executionName()).isNull();
        assertThat(newer.file().finishedAt()).isNull();
        assertThat(newer.file()).isEqualTo(repo.findById(id).orElseThrow());
        assertThat(repo.results(id)).isEmpty();
    }

    @Test
    void updatesThatKeepTheContent_keepItsResults() throws Exception {
        long id = repo.upsert(received("k", "", "e", "00A0")).file().id();
        assertThat(repo.setExecutionName(id, "00A0", "f-1")).isTrue();
        assertThat(repo.markProcessing(id, "e")).isTrue();
        assertThat(repo.completeWithResult(id, "e", result("profile", 3))).isTrue();

        assertThat(repo.reopen(id, "e", "r-1")).isTrue();
        assertThat(repo.setExecutionName(id, "00A0", "r-1")).isTrue();
        assertThat(repo.upsert(received("k", "", "e", "00A0")).outcome()).as("a duplicate delivery").isEqualTo(Outcome.DUPLICATE);
        assertThat(repo.upsert(received("k", "", "older", "009F")).outcome()).isEqualTo(Outcome.STALE);

        assertThat(repo.results(id)).extracting(JobResult::job).containsExactly("profile");
    }

    @Test
    void eachVersionOfAKey_isItsOwnRow_andLatestIsHighestSequencer() throws Exception {
        repo.upsert(received("k", "v2", "e2", "00B0"));
        repo.upsert(received("k", "v1", "e1", "00A0"));

        assertThat(rowCount()).isEqualTo(2);
        assertThat(repo.findLatest("data", "k")).get().extracting(FileRecord::versionId).isEqualTo("v2");
        assertThat(repo.findLatest("data", "missing")).isEmpty();
    }

    @Test
    void rejectedFile_keepsReasonAndNoFormat() throws Exception {
        FileRecord f = repo.upsert(new NewFile("data", "k.bin", null, "e", "01", 10, null, null, null, null,
                FileStatus.REJECTED, "unknown format")).file();

        assertThat(f.status()).isEqualTo(FileStatus.REJECTED);
        assertThat(f.statusReason()).isEqualTo("unknown format");
        assertThat(f.format()).isNull();
        assertThat(f.columns()).isNull();
        assertThat(f).isEqualTo(repo.findById(f.id()).orElseThrow());
        assertThat(repo.markProcessing(f.id(), "e")).as("a rejected file is never processed").isFalse();
    }

    @Test
    void statusTransitions_followTheLifecycle() throws Exception {
        long id = repo.upsert(received("k", "", "e", "01")).file().id();

        assertThat(repo.completeWithResult(id, "e", result("profile", 10))).as("received cannot jump to processed")
                .isFalse();
        assertThat(repo.markProcessing(id, "e")).isTrue();
        assertThat(repo.markProcessing(id, "e")).as("re-delivered task").isTrue();
        FileRecord processing = repo.findById(id).orElseThrow();
        assertThat(processing.status()).isEqualTo(FileStatus.PROCESSING);
        assertThat(processing.processingStartedAt()).isNotNull();

        assertThat(repo.completeWithResult(id, "e", result("profile", 10))).isTrue();
        assertThat(repo.markFailed(id, "late failure")).as("processed is terminal").isFalse();

        FileRecord done = repo.findById(id).orElseThrow();
        assertThat(done.status()).isEqualTo(FileStatus.PROCESSED);
        assertThat(done.finishedAt()).isNotNull();
    }

    @Test
    void markFailed_recordsReasonAndIsRepeatable() throws Exception {
        long id = repo.upsert(received("k", "", "e", "01")).file().id();
        repo.markProcessing(id, "e");

        assertThat(repo.markFailed(id, "Worker.Permanent: bad row")).isTrue();
        assertThat(repo.markFailed(id, "Worker.Permanent: bad row (again)")).isTrue();

        FileRecord f = repo.findById(id).orElseThrow();
        assertThat(f.status()).isEqualTo(FileStatus.FAILED);
        assertThat(f.statusReason()).isEqualTo("Worker.Permanent: bad row (again)");
        assertThat(repo.markProcessing(id, "e")).isFalse();
    }

    @Test
    void completeWithResult_storesTheJobsResult() throws Exception {
        long id = repo.upsert(received("k", "", "e", "01")).file().id();
        repo.markProcessing(id, "e");

        assertThat(repo.completeWithResult(id, "e", result("profile", 7))).isTrue();

        List<JobResult> results = repo.results(id);
        assertThat(results).hasSize(1);
        JobResult r = results.get(0);
        assertThat(r.rowCount()).isEqualTo(7);
        assertThat(r.outputs()).containsEntry("profile", "results/x/profile.json");
        assertThat(r.summary().get("columns").asInt()).isEqualTo(2);
        assertThat(r.completedAt()).isNotNull();
    }

    @Test
    void completeWithResult_writesNothingUnlessProcessing() throws Exception {
        long id = repo.upsert(received("k", "", "e", "01")).file().id();

        assertThat(repo.completeWithResult(id, "e", result("profile", 1))).isFalse();

        assertThat(repo.results(id)).isEmpty();
        assertThat(repo.findById(id).orElseThrow().status()).isEqualTo(FileStatus.RECEIVED);
    }

    @Test
    void taskOfAnOverwrittenVersion_neitherClaimsNorCompletesTheNewerRow() throws Exception {
        long id = repo.upsert(received("k", "", "old", "00A0")).file().id();
        assertThat(repo.markProcessing(id, "old")).isTrue();
        // The key is overwritten while the old task runs; the new version's task claims the row.
        repo.upsert(received("k", "", "new", "00A1"));
        assertThat(repo.markProcessing(id, "old")).as("the old task cannot claim the new version").isFalse();
        assertThat(repo.markProcessing(id, "new")).isTrue();

        assertThat(repo.completeWithResult(id, "old", result("profile", 1))).as("old content's result").isFalse();

        assertThat(repo.results(id)).isEmpty();
        assertThat(repo.findById(id).orElseThrow().status()).isEqualTo(FileStatus.PROCESSING);
        assertThat(repo.completeWithResult(id, "new", result("profile", 2))).isTrue();
        assertThat(repo.results(id)).singleElement().extracting(JobResult::rowCount).isEqualTo(2L);
    }

    @Test
    void executionNameOfAnOverwrittenVersion_isNotRecordedOnTheNewerRow() throws Exception {
        long id = repo.upsert(received("k", "", "old", "00A0")).file().id();
        // Two invocations race: the newer event replaces the row before the older one records its execution.
        repo.upsert(received("k", "", "new", "00A1"));

        assertThat(repo.setExecutionName(id, "00A0", "f-old")).isFalse();

        // Still null, so a redelivery of the newer event (whose own start failed) starts its execution.
        assertThat(repo.findById(id).orElseThrow().executionName()).isNull();
        assertThat(repo.setExecutionName(id, "00A1", "f-new")).isTrue();
        assertThat(repo.findById(id).orElseThrow().executionName()).isEqualTo("f-new");
    }

    @Test
    void newFile_rejectedWithoutReason_isRefused() {
        assertThatThrownBy(() -> new NewFile("b", "k", "", "e", "1", 1, null, null, null, null, FileStatus.REJECTED, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> new NewFile("b", "k", "", "e", "1", 1, null, null, null, null, FileStatus.PROCESSED, null))
                .hasMessageContaining("received or rejected");
    }

    private JobResult result(String job, long rows) throws Exception {
        return new JobResult(job, rows, 0, JSON.readTree("{\"columns\": 2}"), Map.of("profile", "results/x/profile.json"));
    }

    private long rowCount() throws Exception {
        try (Connection c = pg.adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM ingest_file")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
