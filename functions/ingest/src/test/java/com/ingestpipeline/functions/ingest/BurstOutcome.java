package com.ingestpipeline.functions.ingest;

import com.ingestpipeline.functions.common.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the state a burst left (rows in PostgreSQL, executions in the Step Functions fake) into a {@link BurstReport}. */
final class BurstOutcome {
    private BurstOutcome() {
    }

    static BurstReport read(BurstSettings settings, TestDatabase pg, QuotaStepFunctions sfn, String bucket,
                            List<String> keys, AsyncInvokeQueue queue, int peakConnections, double seconds,
                            double[] latenciesMs, long s3SlowDowns, int environmentsStarted) throws SQLException {
        Map<String, String> executions = sfn.executions();
        Map<String, Integer> executionsPerKey = new HashMap<>();
        executions.values().forEach(input -> executionsPerKey.merge(QuotaStepFunctions.inputKey(input), 1, Integer::sum));
        Map<String, Row> rows = rows(pg, bucket);
        int rowCount = rows.values().stream().mapToInt(r -> r.count).sum();
        int duplicates = executionsPerKey.values().stream().mapToInt(n -> n - 1).sum()
                + rows.values().stream().mapToInt(r -> r.count - 1).sum();
        int stuck = (int) rows.values().stream()
                .filter(r -> r.status.equals("received") && (r.executionName == null || !executions.containsKey(r.executionName)))
                .count();
        Set<String> inFailureQueue = new HashSet<>();
        queue.failureQueue().forEach(f -> inFailureQueue.add(keys.get(f.eventId())));
        int lost = (int) keys.stream()
                .filter(k -> (!rows.containsKey(k) || !executionsPerKey.containsKey(k)) && !inFailureQueue.contains(k))
                .count();
        return new BurstReport(settings, rowCount, executions.size(), lost, duplicates, stuck, queue.failureQueue().size(),
                peakConnections, seconds, percentile(latenciesMs, 0.50), percentile(latenciesMs, 0.99), queue.retries(),
                sfn.throttles(), s3SlowDowns, environmentsStarted);
    }

    private record Row(int count, String status, String executionName) {
    }

    private static Map<String, Row> rows(TestDatabase pg, String bucket) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (Connection c = pg.adminConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT object_key, status, execution_name FROM ingest_file WHERE bucket = ?")) {
            ps.setString(1, bucket);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    Row seen = rows.get(key);
                    rows.put(key, new Row(seen == null ? 1 : seen.count + 1, rs.getString(2), rs.getString(3)));
                }
            }
        }
        return rows;
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
