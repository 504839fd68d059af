package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.ingestpipeline.functions.ingest.BurstSettings.Fault;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The burst harness at CI size: a few hundred uploads at once through a few execution environments, against a
 * PostgreSQL whose {@code max_connections} leaves little room, with each fault of the issue in its own run. Lambda's
 * one- and two-minute retry waits and the 30 s throttling window are scaled down ({@link #TIME_SCALE}); the full-size
 * runs are {@code tools/bench burst} (docs/ingest-function.md).
 */
class BurstTest {
    private static final int EVENTS = 200;
    private static final int ENVIRONMENTS = 4;
    /** Room for the environments, the sampler and PostgreSQL's 3 superuser slots, and little more. */
    private static final int MAX_CONNECTIONS = 10;
    /** Lambda's 1 and 2 min retry waits become 1.2 and 2.4 s. */
    private static final double TIME_SCALE = 0.02;
    private static BurstHarness.Fixture fixture;

    @BeforeAll
    static void startFixture() throws Exception {
        fixture = new BurstHarness.Fixture(EVENTS, MAX_CONNECTIONS);
    }

    @AfterAll
    static void stopFixture() {
        fixture.close();
    }

    private static BurstSettings settings(Fault fault, double timeScale) {
        return new BurstSettings(EVENTS, ENVIRONMENTS, MAX_CONNECTIONS, ENVIRONMENTS, 0, fault, 0.3, timeScale, 2, 0.1,
                Duration.ofSeconds(20));
    }

    private static BurstReport run(BurstSettings settings) throws Exception {
        return BurstHarness.run(settings, fixture);
    }

    private static void assertEverythingRecordedOnce(BurstReport r) {
        assertThat(r.rows()).as("rows").isEqualTo(EVENTS);
        assertThat(r.executions()).as("executions").isEqualTo(EVENTS);
        assertThat(r.lost()).as("lost").isZero();
        assertThat(r.duplicates()).as("duplicates").isZero();
        assertThat(r.stuck()).as("rows received without an execution").isZero();
        assertThat(r.failureQueue()).as("events in the failure queue").isZero();
        assertThat(r.peakConnections()).as("peak database connections").isBetween(1, r.settings().bound());
    }

    @Test
    void burstWithoutFaults_recordsAndStartsEveryUploadOnce_withOneConnectionPerEnvironment() throws Exception {
        BurstReport r = run(settings(Fault.NONE, TIME_SCALE));

        assertEverythingRecordedOnce(r);
        assertThat(r.lambdaRetries()).as("Lambda retries").isZero();
        assertThat(r.environmentsStarted()).isEqualTo(ENVIRONMENTS);
        assertThat(r.summaryLine()).startsWith("bench burst: events=200 rows=200 executions=200 lost=0 duplicates=0 stuck=0");
    }

    @Test
    void databaseRestartedMidBurst_failedInvocationsAreRetriedByLambdaAndNothingIsLost() throws Exception {
        BurstReport r = run(settings(Fault.DB_RESTART, TIME_SCALE));

        assertEverythingRecordedOnce(r);
        assertThat(r.lambdaRetries()).as("invocations Lambda retried while PostgreSQL was down").isPositive();
    }

    /**
     * Scaled to 0.2 (a 6 s window, retries after 12 and 24 s): the SDK's own retries on ThrottlingException back off
     * for up to about 3.5 s in all, so a shorter window could be absorbed by the SDK and never reach Lambda's retries.
     */
    @Test
    void stepFunctionsThrottlingEverything_rowsWaitForTheirExecutionAndGetItOnRetry() throws Exception {
        BurstReport r = run(settings(Fault.SFN_THROTTLE, 0.2));

        assertEverythingRecordedOnce(r);
        assertThat(r.sfnThrottles()).as("StartExecution calls throttled").isPositive();
        assertThat(r.lambdaRetries()).as("invocations Lambda retried after the SDK gave up").isPositive();
    }

    @Test
    void s3AnsweringSlowDownToAShareOfCalls_sdkRetriesAbsorbIt() throws Exception {
        BurstReport r = run(settings(Fault.S3_SLOWDOWN, TIME_SCALE));

        assertEverythingRecordedOnce(r);
        assertThat(r.s3SlowDowns()).as("S3 calls answered 503 SlowDown").isGreaterThanOrEqualTo((long) (EVENTS * 0.7 * 0.1) - 1);
    }

    @Test
    void environmentKilledAfterStartingAnExecution_redeliveredEventRecordsItWithoutASecondExecution() throws Exception {
        BurstReport r = run(settings(Fault.ENV_KILL, TIME_SCALE));

        assertEverythingRecordedOnce(r);
        assertThat(r.lambdaRetries()).as("the killed invocation, retried").isEqualTo(1);
        assertThat(r.environmentsStarted()).as("a new environment replaced the killed one").isEqualTo(ENVIRONMENTS + 1);
    }

    @Test
    void behindTheProxyModel_environmentsShareABoundedPool() throws Exception {
        int pool = 2;
        BurstReport r = run(settings(Fault.NONE, TIME_SCALE).withProxyPool(pool, pool));

        assertEverythingRecordedOnce(r);
        assertThat(r.peakConnections()).as("database connections behind the proxy").isLessThanOrEqualTo(pool);
        assertThat(r.summaryLine()).startsWith("bench burst[proxy=2]: ");
    }

    @Test
    void eventsThatExhaustTheirRetriesWaitInTheFailureQueue_andReplayingThemCompletesTheBurst() throws Exception {
        BurstSettings noRetries = new BurstSettings(EVENTS, ENVIRONMENTS, MAX_CONNECTIONS, ENVIRONMENTS, 0,
                Fault.SFN_THROTTLE, 0.3, 0.2, 0, 0.1, Duration.ofSeconds(20));

        java.util.List<BurstReport> reports = BurstHarness.runThenReplay(noRetries, fixture);

        BurstReport before = reports.get(0);
        assertThat(before.failureQueue()).as("events that exhausted Lambda's retries").isPositive();
        assertThat(before.lost()).as("lost: every missing execution has its event in the failure queue").isZero();
        assertThat(before.stuck()).as("rows recorded before the throttled StartExecution").isPositive();
        assertThat(before.duplicates()).isZero();
        assertEverythingRecordedOnce(reports.get(1));
    }
}
