package com.ingestpipeline.functions.common.db;

import java.util.Locale;

/**
 * Orders S3 event sequencers. S3 documents them as hex strings that are only comparable after right-padding the
 * shorter one with zeros; a greater value is a later event for the same key.
 */
public final class Sequencers {
    private Sequencers() {
    }

    /** Negative, zero or positive as {@code a} is earlier than, the same as, or later than {@code b}. */
    public static int compare(String a, String b) {
        String x = a.toUpperCase(Locale.ROOT);
        String y = b.toUpperCase(Locale.ROOT);
        int n = Math.max(x.length(), y.length());
        return pad(x, n).compareTo(pad(y, n));
    }

    private static String pad(String s, int n) {
        return s.length() >= n ? s : s + "0".repeat(n - s.length());
    }
}
