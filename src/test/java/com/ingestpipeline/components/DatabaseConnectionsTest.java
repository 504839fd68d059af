package com.ingestpipeline.components;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseConnectionsTest {
    @ParameterizedTest
    @CsvSource({
        "db.t4g.micro, 112", "db.t3.small, 225", "db.t4g.medium, 450", "db.m7g.large, 901", "db.m6i.2xlarge, 3604",
        "db.r7g.large, 1802", "db.r6g.4xlarge, 5000"})
    void maxConnectionsFollowRdsDefaultFormulaOnTheClassMemory(String instanceClass, int expected) {
        assertThat(DatabaseConnections.maxConnections(instanceClass)).hasValue(expected);
    }

    @Test
    void classesWithoutAMemoryFigureAreUnknownRatherThanGuessed() {
        assertThat(DatabaseConnections.maxConnections("db.x2g.large")).isEqualTo(OptionalInt.empty());
        assertThat(DatabaseConnections.maxConnections("db.m7g.micro")).isEqualTo(OptionalInt.empty());
        assertThat(DatabaseConnections.maxConnections(null)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void headroomCountsReservedSlotsEachWorkerAndTheOtherFunctions() {
        assertThat(DatabaseConnections.headroom(1)).isEqualTo(5 + 1 + 5 + 1);
        assertThat(DatabaseConnections.headroom(4)).isEqualTo(5 + 4 + 5 + 1);
        assertThat(DatabaseConnections.ingestBudget(112, 1)).isEqualTo(100);
    }

    @Test
    void defaultConcurrencyIsTheProdFigureWhereTheClassHasRoomAndTheBudgetWhereItHasNot() {
        assertThat(DatabaseConnections.defaultReservedConcurrency("db.t4g.micro", 1, false)).isEqualTo(50);
        // 20 workers on a micro: 112 - (5 + 20 + 5 + 1) = 81, still above 50.
        assertThat(DatabaseConnections.defaultReservedConcurrency("db.t4g.micro", 20, false)).isEqualTo(50);
        assertThat(DatabaseConnections.defaultReservedConcurrency("db.t4g.micro", 80, false)).isEqualTo(21);
        assertThat(DatabaseConnections.defaultReservedConcurrency("db.t4g.micro", 200, false)).isEqualTo(1);
        assertThat(DatabaseConnections.defaultReservedConcurrency("db.t4g.micro", 200, true)).isEqualTo(50);
    }

    private static DatabaseConnections.Demand demand(int workers, Optional<Integer> ingest, int backfill, boolean proxy) {
        return new DatabaseConnections.Demand("db.t4g.micro", workers, ingest, backfill, proxy);
    }

    @Test
    void tooManyIngestEnvironmentsNameTheFiguresAndWhatFits() {
        assertThat(DatabaseConnections.problems(demand(1, Optional.of(100), 10, false))).isEmpty();
        assertThat(DatabaseConnections.problems(demand(1, Optional.of(101), 10, false))).singleElement()
            .satisfies(p -> {
                assertThat(p.subject()).isEqualTo(DatabaseConnections.Subject.INGEST_CONCURRENCY);
                assertThat(p.message()).contains("101 ingest environments", "max_connections 112 of db.t4g.micro",
                    "at most 100");
            });
        assertThat(DatabaseConnections.problems(demand(1, Optional.empty(), 10, false))).singleElement()
            .satisfies(p -> assertThat(p.message()).contains("unreserved", "1000"));
    }

    @Test
    void workersCountOnceEachHoweverManyTasksTheyRun() {
        // 12 worker processes: 112 - (5 + 12 + 5 + 1) = 89 environments fit, 90 do not.
        assertThat(DatabaseConnections.problems(demand(12, Optional.of(89), 10, false))).isEmpty();
        assertThat(DatabaseConnections.problems(demand(12, Optional.of(90), 10, false))).singleElement()
            .satisfies(p -> assertThat(p.message()).contains("12 worker(s)", "use at most 89"));
    }

    @Test
    void backfillBatchesRunInsideTheIngestConcurrencyNotBesideIt() {
        // 100 environments fit a micro with one worker; a backfill of 100 is within them and adds no connection.
        assertThat(DatabaseConnections.problems(demand(1, Optional.of(100), 100, false))).isEmpty();
        assertThat(DatabaseConnections.problems(demand(1, Optional.of(20), 30, false))).singleElement()
            .satisfies(p -> {
                assertThat(p.subject()).isEqualTo(DatabaseConnections.Subject.BACKFILL_CONCURRENCY);
                assertThat(p.message()).contains("30 backfill batches", "reserved concurrency is 20", "at most 20");
            });
        // Unreserved: the backfill is bounded only by its own setting (and the connections by the proxy).
        assertThat(DatabaseConnections.problems(demand(1, Optional.empty(), 5000, true))).isEmpty();
    }

    @Test
    void theProxyBoundsConnectionsSoConcurrencyIsNotLimitedByTheClass() {
        assertThat(DatabaseConnections.problems(demand(1, Optional.empty(), 10, true))).isEmpty();
        assertThat(DatabaseConnections.problems(demand(1, Optional.of(1000), 10, true))).isEmpty();
        // The pool plus the migrate function's direct connection and the reserved slots stay under max_connections.
        assertThat(DatabaseConnections.proxyPool(112)).isEqualTo(100);
        assertThat(DatabaseConnections.proxyPool(112) + DatabaseConnections.MIGRATE + DatabaseConnections.RESERVED)
            .isLessThanOrEqualTo(112);
    }

    @Test
    void aClassWithoutAMemoryFigureIsNotJudged() {
        assertThat(DatabaseConnections.problems(new DatabaseConnections.Demand("db.x2g.large", 1000, Optional.of(1000),
            10, false))).isEmpty();
    }
}
