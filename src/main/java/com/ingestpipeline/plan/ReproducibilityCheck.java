package com.ingestpipeline.plan;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build check: the function and worker jars of two builds of the same sources must be byte-identical.
 * Otherwise every {@code pulumi up} sees a new asset hash and redeploys the Lambda (and the worker jar)
 * for nothing. On a mismatch it names the jar entries that differ, which is usually enough to find
 * the plugin that stamped a time or reordered files.
 *
 * <pre>ReproducibilityCheck FIRST_BUILD_FILE SECOND_BUILD_FILE [FIRST SECOND ...]</pre>
 */
public final class ReproducibilityCheck {
    private ReproducibilityCheck() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out) ? 0 : 1);
    }

    /** Compares each pair of files; true when every pair is identical. */
    public static boolean run(String[] args, PrintStream out) throws IOException {
        if (args.length == 0 || args.length % 2 != 0) {
            throw new IllegalArgumentException("usage: ReproducibilityCheck FIRST SECOND [FIRST SECOND ...]");
        }
        boolean identical = true;
        for (int i = 0; i < args.length; i += 2) {
            Path first = Path.of(args[i]);
            Path second = Path.of(args[i + 1]);
            for (Path p : List.of(first, second)) {
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("reproducibility check: " + p + " was not built");
                }
            }
            String a = sha256(first);
            String b = sha256(second);
            if (a.equals(b)) {
                out.println("reproducible: " + first.getFileName() + " sha256 " + a + " (both builds)");
            } else {
                identical = false;
                out.println("NOT reproducible: " + first.getFileName() + "\n  " + first + " sha256 " + a
                    + "\n  " + second + " sha256 " + b);
                differingEntries(first, second).forEach(d -> out.println("  differs: " + d));
            }
        }
        return identical;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Entries whose order, time, size or CRC differ between two jars (at most 20). */
    static List<String> differingEntries(Path first, Path second) throws IOException {
        Map<String, String> a = entries(first);
        Map<String, String> b = entries(second);
        List<String> out = new ArrayList<>();
        if (!new ArrayList<>(a.keySet()).equals(new ArrayList<>(b.keySet())) && a.keySet().equals(b.keySet())) {
            out.add("(same entries in a different order)");
        }
        for (Map.Entry<String, String> e : a.entrySet()) {
            if (!e.getValue().equals(b.get(e.getKey()))) {
                out.add(e.getKey() + ": " + e.getValue() + " vs " + b.getOrDefault(e.getKey(), "missing"));
            }
        }
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(k -> out.add(k + ": missing vs present"));
        return out.size() > 20 ? out.subList(0, 20) : out;
    }

    private static Map<String, String> entries(Path jar) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().forEach((ZipEntry e) -> entries.put(e.getName(),
                "time=" + e.getTime() + " size=" + e.getSize() + " crc=" + Long.toHexString(e.getCrc())));
        }
        return entries;
    }
}
