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

    @Test
    void overBudgetNamesTheFiguresAndWhatFits() {
        assertThat(DatabaseConnections.overBudget("db.t4g.micro", 1, Optional.of(100), false)).isEmpty();
        assertThat(DatabaseConnections.overBudget("db.t4g.micro", 1, Optional.of(101), false)).hasValueSatisfying(why ->
            assertThat(why).contains("101 ingest environments", "max_connections 112 of db.t4g.micro", "at most 100"));
        assertThat(DatabaseConnections.overBudget("db.t4g.micro", 1, Optional.empty(), false)).hasValueSatisfying(why ->
            assertThat(why).contains("unreserved", "1000"));
    }

    @Test
    void theProxyBoundsConnectionsSoConcurrencyIsNotLimitedByTheClass() {
        assertThat(DatabaseConnections.overBudget("db.t4g.micro", 1, Optional.empty(), true)).isEmpty();
        assertThat(DatabaseConnections.proxyPool(112)).isEqualTo(100);
    }
}
