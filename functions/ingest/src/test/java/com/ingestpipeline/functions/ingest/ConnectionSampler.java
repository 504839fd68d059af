package com.ingestpipeline.functions.ingest;

import com.ingestpipeline.functions.common.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples the application user's server sessions from {@code pg_stat_activity} every few milliseconds, as a superuser
 * (so the sampler's own session is not counted), and keeps the peak. Survives a server restart: a failed sample
 * reconnects on the next one.
 */
final class ConnectionSampler implements AutoCloseable {
    private static final long INTERVAL_MS = 5;

    private final TestDatabase pg;
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger samples = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    ConnectionSampler(TestDatabase pg) {
        this.pg = pg;
        this.thread = new Thread(this::loop, "pg-connection-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        Connection c = null;
        while (running) {
            try {
                if (c == null || c.isClosed()) {
                    c = pg.adminConnection();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE usename = ? AND backend_type = 'client backend'")) {
                    ps.setString(1, TestDatabase.USER);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        peak.accumulateAndGet(rs.getInt(1), Math::max);
                        samples.incrementAndGet();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
                c = null; // the server is restarting; try again on the next tick
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closeQuietly(c);
    }

    int peak() {
        return peak.get();
    }

    int samples() {
        return samples.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // broken already
            }
        }
    }
}
