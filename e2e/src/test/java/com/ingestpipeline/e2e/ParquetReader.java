package com.ingestpipeline.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/** A second reader of the worker's Parquet: the object downloaded and read by a DuckDB of the test's own. */
final class ParquetReader {
    private ParquetReader() {
    }

    /** The object's rows in {@code orderBy} order, each value as text (null stays null). */
    static List<List<String>> rows(S3Client s3, String bucket, String key, String orderBy) throws Exception {
        Path local = Files.createTempFile("e2e-", ".parquet");
        try {
            Files.write(local, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + local + "') ORDER BY " + orderBy)) {
                List<List<String>> rows = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } finally {
            Files.deleteIfExists(local);
        }
    }
}
