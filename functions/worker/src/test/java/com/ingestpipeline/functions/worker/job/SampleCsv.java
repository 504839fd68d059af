package com.ingestpipeline.functions.worker.job;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * The benchmark's CSV, for tests and {@code tools/bench worker}: 7 columns (id, ISO timestamp, user,
 * decimal amount, country, a score that is empty one time in ten, a comment quoted a quarter of the
 * time), about 80 bytes a row, the same bytes for the same size (seeded).
 */
public final class SampleCsv {
    public static final String HEADER = "id,created_at,user,amount,country,score,comment\n";

    private SampleCsv() {
    }

    /** Writes rows until the file holds at least {@code size} bytes; returns the number of data rows. */
    public static long generate(Path file, long size) throws IOException {
        String[] countries = {"NO", "SE", "DK", "DE", "FR", "ES", "IT", "PL", "NL", "US"};
        String[] words = {"late", "delivery", "refund", "great", "service", "box", "damaged", "fast", "again", "ok"};
        Random r = new Random(42);
        StringBuilder row = new StringBuilder(256);
        long id = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(HEADER.getBytes(StandardCharsets.US_ASCII));
            long written = HEADER.length();
            while (written < size) {
                id++;
                row.setLength(0);
                row.append(id).append(",2025-").append(two(1 + r.nextInt(12))).append('-').append(two(1 + r.nextInt(28)))
                        .append('T').append(two(r.nextInt(24))).append(':').append(two(r.nextInt(60))).append(":00Z,")
                        .append("user_").append(r.nextInt(500_000)).append(',')
                        .append(r.nextInt(100_000)).append('.').append(two(r.nextInt(100))).append(',')
                        .append(countries[r.nextInt(countries.length)]).append(',');
                if (r.nextInt(10) > 0) {
                    row.append(r.nextInt(1000) / 100.0);
                }
                row.append(',');
                boolean quoted = r.nextInt(4) == 0;
                row.append(quoted ? "\"" : "");
                for (int w = 0; w < 3 + r.nextInt(5); w++) {
                    row.append(w == 0 ? "" : quoted && w == 2 ? ", " : " ").append(words[r.nextInt(words.length)]);
                }
                row.append(quoted ? "\"\n" : "\n");
                byte[] b = row.toString().getBytes(StandardCharsets.US_ASCII);
                out.write(b);
                written += b.length;
            }
        }
        return id;
    }

    /** gzip of {@code plain}. */
    public static void gzip(Path plain, Path gz) throws IOException {
        try (InputStream in = Files.newInputStream(plain);
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
            in.transferTo(out);
        }
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
