package com.ingestpipeline.functions.worker.job.profile;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.XxHash;

/**
 * Running statistics of one column for one chunk, merged in input order so sums and bounds never
 * depend on thread timing. Memory is fixed per column whatever the row count. The distinct-count
 * sketch is the parsing thread's own (one per column per thread, not per chunk: sketches are the
 * costly part); all threads' sketches are unioned at the end, and a union's estimate depends only on
 * its registers, so it does not depend on which thread saw which value either.
 */
final class ColumnStats {
    private static final int MAX_TEXT_BOUND = 256;

    long nonNull;
    int typeMask;
    final long[] typeCounts = new long[8];
    long numericCount;
    double numericSum;
    double numericMin = Double.POSITIVE_INFINITY;
    double numericMax = Double.NEGATIVE_INFINITY;
    byte[] textMin;
    byte[] textMax;
    private final DistinctSketch sketch;
    private double distinct;

    /** Statistics feeding {@code sketch} (the thread's sketch for this column). */
    ColumnStats(DistinctSketch sketch) {
        this.sketch = sketch;
    }

    /** An aggregate: receives {@link #merge} and {@link #distinctFrom}, never values. */
    ColumnStats() {
        this(null);
    }

    void add(int type, byte[] b, int off, int len, double number) {
        nonNull++;
        typeMask |= type;
        typeCounts[Integer.numberOfTrailingZeros(type)]++;
        if ((type & ValueType.NUMERIC) != 0) {
            numericCount++;
            numericSum += number;
            if (number < numericMin) {
                numericMin = number;
            }
            if (number > numericMax) {
                numericMax = number;
            }
        }
        int boundLen = len;
        if (len > MAX_TEXT_BOUND) {
            // Cut long values at a character boundary so the bound stays valid UTF-8.
            boundLen = MAX_TEXT_BOUND;
            while (boundLen > 0 && (b[off + boundLen] & 0xc0) == 0x80) {
                boundLen--;
            }
        }
        if (textMin == null || compare(b, off, boundLen, textMin) < 0) {
            textMin = Arrays.copyOfRange(b, off, off + boundLen);
        }
        if (textMax == null || compare(b, off, boundLen, textMax) > 0) {
            textMax = Arrays.copyOfRange(b, off, off + boundLen);
        }
        sketch.update(XxHash.hashByteArr(b, off, len, 0x5eed));
    }

    /** Unsigned byte order (= code point order for UTF-8); values usually differ in the first byte. */
    private static int compare(byte[] a, int off, int len, byte[] bound) {
        int n = Math.min(len, bound.length);
        for (int k = 0; k < n; k++) {
            int x = a[off + k] & 0xff;
            int y = bound[k] & 0xff;
            if (x != y) {
                return x - y;
            }
        }
        return len - bound.length;
    }

    /** A nested object or array: counted and typed, not compared or hashed. */
    void addOpaque(int type) {
        nonNull++;
        typeMask |= type;
        typeCounts[Integer.numberOfTrailingZeros(type)]++;
    }

    void merge(ColumnStats o) {
        nonNull += o.nonNull;
        typeMask |= o.typeMask;
        for (int i = 0; i < typeCounts.length; i++) {
            typeCounts[i] += o.typeCounts[i];
        }
        numericCount += o.numericCount;
        numericSum += o.numericSum;
        numericMin = Math.min(numericMin, o.numericMin);
        numericMax = Math.max(numericMax, o.numericMax);
        if (o.textMin != null && (textMin == null || Arrays.compareUnsigned(o.textMin, textMin) < 0)) {
            textMin = o.textMin;
        }
        if (o.textMax != null && (textMax == null || Arrays.compareUnsigned(o.textMax, textMax) > 0)) {
            textMax = o.textMax;
        }
    }

    /** Sets the distinct estimate from every thread's sketch of this column. */
    void distinctFrom(java.util.List<DistinctSketch> sketches) {
        Union union = new Union(DistinctSketch.LG_K);
        for (DistinctSketch s : sketches) {
            union.update(s.sketch);
        }
        distinct = union.getEstimate();
    }

    double distinctEstimate() {
        return Math.min(distinct, nonNull);
    }

    ObjectNode toJson(String name, long rows, boolean textSource) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        String type = ValueType.columnType(typeMask, textSource);
        n.put("name", name);
        n.put("type", type);
        n.put("nullCount", rows - nonNull);
        n.put("distinctEstimate", Math.round(distinctEstimate()));
        boolean numeric = type.equals("integer") || type.equals("decimal");
        if (numeric && numericCount > 0) {
            if (type.equals("integer")) {
                n.put("min", (long) numericMin);
                n.put("max", (long) numericMax);
            } else {
                n.put("min", numericMin);
                n.put("max", numericMax);
            }
            n.put("mean", numericSum / numericCount);
        } else if (textMin != null && !type.equals("object") && !type.equals("array")) {
            n.put("min", new String(textMin, StandardCharsets.UTF_8));
            n.put("max", new String(textMax, StandardCharsets.UTF_8));
        } else {
            n.putNull("min");
            n.putNull("max");
        }
        ObjectNode counts = n.putObject("typeCounts");
        String[] names = {"boolean", "integer", "decimal", "date", "timestamp", "string", "object", "array"};
        for (int i = 0; i < names.length; i++) {
            if (typeCounts[i] > 0) {
                counts.put(names[i], typeCounts[i]);
            }
        }
        return n;
    }
}
