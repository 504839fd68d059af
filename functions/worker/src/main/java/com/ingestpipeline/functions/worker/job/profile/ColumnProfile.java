package com.ingestpipeline.functions.worker.job.profile;

import static com.ingestpipeline.functions.worker.job.duckdb.DuckDbSession.literal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.worker.TaskFailure;
import com.ingestpipeline.functions.worker.job.duckdb.DuckDbSession;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Per-column statistics of a written Parquet file, in one scan of it: type, null count, min, max,
 * mean (numbers) and DuckDB's {@code approx_count_distinct} (HyperLogLog).
 */
final class ColumnProfile {
    /** Longer min/max values are cut here, so profile.json and the summary row stay small. */
    static final int MAX_VALUE_CHARS = 256;
    private static final Pattern NUMERIC = Pattern.compile(
            "(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|REAL|DECIMAL.*)");
    /** Nested and binary values have no useful order for a profile. */
    private static final Pattern UNORDERED = Pattern.compile(".*(STRUCT|MAP|\\[\\]|UNION|BLOB|JSON).*");

    private record Column(String name, String type) {
        boolean numeric() {
            return NUMERIC.matcher(type).matches();
        }

        boolean ordered() {
            return !UNORDERED.matcher(type).matches();
        }
    }

    private ColumnProfile() {
    }

    /** The {@code columns} array of profile.json. */
    static ArrayNode of(DuckDbSession db, Path parquet) throws TaskFailure, IOException, InterruptedException {
        String source = "read_parquet(" + literal(parquet.toAbsolutePath().toString()) + ")";
        List<Column> columns = db.query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + source + ")",
                rs -> {
                    List<Column> list = new ArrayList<>();
                    while (rs.next()) {
                        list.add(new Column(rs.getString(1), rs.getString(2)));
                    }
                    return list;
                });
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (columns.isEmpty()) {
            return out;
        }
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        StringBuilder aliases = new StringBuilder();
        for (int k = 0; k < columns.size(); k++) {
            Column c = columns.get(k);
            // Columns by position (c0, c1, ...): a header may hold any text, and none of it reaches the SQL.
            String col = "c" + k;
            aliases.append(k == 0 ? "" : ", ").append(col);
            sql.append(", count(").append(col).append("), approx_count_distinct(").append(col).append(')');
            if (c.ordered()) {
                sql.append(", min(").append(col).append(")::VARCHAR, max(").append(col).append(")::VARCHAR");
            }
            if (c.numeric()) {
                sql.append(", avg(").append(col).append(")::DOUBLE");
            }
        }
        sql.append(" FROM ").append(source).append(" AS t(").append(aliases).append(')');
        return db.query(sql.toString(), rs -> {
            rs.next();
            long rows = rs.getLong(1);
            int i = 2;
            for (Column c : columns) {
                ObjectNode n = out.addObject();
                n.put("name", c.name());
                n.put("type", c.type());
                n.put("nullCount", rows - rs.getLong(i++));
                n.put("distinctEstimate", rs.getLong(i++));
                if (c.ordered()) {
                    value(n, "min", rs.getString(i++), c.numeric());
                    value(n, "max", rs.getString(i++), c.numeric());
                }
                if (c.numeric()) {
                    double mean = rs.getDouble(i++);
                    if (!rs.wasNull() && Double.isFinite(mean)) {
                        n.put("mean", mean);
                    }
                }
            }
            return out;
        });
    }

    private static void value(ObjectNode n, String field, String text, boolean numeric) {
        if (text == null) {
            n.putNull(field);
        } else if (numeric && !text.contains("inf") && !text.contains("nan")) {
            n.put(field, new BigDecimal(text));
        } else {
            n.put(field, text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) : text);
        }
    }
}
