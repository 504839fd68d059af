package com.ingestpipeline.functions.worker.job.profile;

/** CSV/TSV rows to JSON objects keyed by the header, typing each value from its text. */
final class DelimitedProcessor extends ChunkProcessor {
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] END = ascii("}\n");

    private final DelimitedParser parser;
    private final int columns;
    /** {@code {"a":} for the first column, {@code ,"b":} for the others. */
    private final byte[][] keys;
    private final boolean[] forceString;
    private byte[] scratch = new byte[1 << 12];

    DelimitedProcessor(Mode mode, byte delimiter, boolean quoting, String[] header, boolean[] forceString) {
        super(mode);
        this.columns = header.length;
        this.parser = new DelimitedParser(delimiter, quoting, columns + 1);
        this.keys = new byte[columns][];
        JsonBytes k = new JsonBytes(64);
        for (int c = 0; c < columns; c++) {
            k.reset();
            k.put((byte) (c == 0 ? '{' : ','));
            k.putString(header[c].getBytes(java.nio.charset.StandardCharsets.UTF_8), 0,
                    header[c].getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            k.put((byte) ':');
            keys[c] = java.util.Arrays.copyOf(k.buf, k.size);
        }
        this.forceString = forceString;
    }

    @Override
    int initialColumns() {
        return columns;
    }

    @Override
    void parse(byte[] b, int start, int end, long sequence) {
        int pos = start;
        while (pos < end) {
            pos = parser.next(b, pos, end);
            if (parser.blank()) {
                continue;
            }
            if (parser.error != null) {
                malformed(parser.error, b, parser.recordStart, parser.recordEnd);
                continue;
            }
            if (parser.fieldCount != columns) {
                malformed("expected " + columns + " fields, found " + parser.fieldCount,
                        b, parser.recordStart, parser.recordEnd);
                continue;
            }
            int bad = invalidUtf8(b, parser.recordStart, parser.recordEnd);
            if (bad >= 0) {
                malformed("invalid UTF-8 at byte " + (bad - parser.recordStart) + " of the row (is the file UTF-8?)",
                        b, parser.recordStart, parser.recordEnd);
                continue;
            }
            if (mode.writeOutput()) {
                row(b);
            }
            rows++;
        }
    }

    private void row(byte[] b) {
        boolean collect = mode.collectStats();
        for (int c = 0; c < columns; c++) {
            json.put(keys[c]);
            byte[] src = b;
            int off = parser.starts[c];
            int len = parser.ends[c] - off;
            if (parser.escaped[c]) {
                if (scratch.length < len) {
                    scratch = new byte[len * 2];
                }
                len = DelimitedParser.unescape(b, off, off + len, scratch);
                src = scratch;
                off = 0;
            }
            if (len == 0) {
                json.put(NULL);
                continue;
            }
            int type = classifier.classify(src, off, len);
            if ((type & ValueType.TYPED_IN_OUTPUT) == 0 || (forceString != null && forceString[c])) {
                json.putString(src, off, len);
            } else if (type == ValueType.BOOLEAN) {
                json.put(ValueClassifier.booleanValue(src, off) ? TRUE : FALSE);
            } else {
                json.put(src, off, len);
            }
            if (collect) {
                stats.get(c).add(type, src, off, len, classifier.number);
            }
        }
        json.put(END);
    }

    /** Parses the header record at the start of the data; returns its names and where the data starts. */
    static Header header(byte[] b, int start, int end, byte delimiter, boolean quoting, int maxColumns) {
        DelimitedParser p = new DelimitedParser(delimiter, quoting, maxColumns + 1);
        int pos = start;
        do {
            pos = p.next(b, pos, end);
        } while (p.blank() && pos < end);
        if (p.blank()) {
            return new Header(new String[0], pos);
        }
        if (p.error != null) {
            throw new IllegalArgumentException("header row is malformed: " + p.error);
        }
        if (p.fieldCount > maxColumns) {
            throw new IllegalArgumentException("header has " + p.fieldCount + " columns; at most " + maxColumns
                    + " are supported");
        }
        if (invalidUtf8(b, p.recordStart, p.recordEnd) >= 0) {
            throw new IllegalArgumentException("header row is not valid UTF-8 (the file must be UTF-8 encoded)");
        }
        String[] names = new String[p.fieldCount];
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int c = 0; c < names.length; c++) {
            byte[] raw = java.util.Arrays.copyOfRange(b, p.starts[c], p.ends[c]);
            if (p.escaped[c]) {
                byte[] s = new byte[raw.length];
                raw = java.util.Arrays.copyOf(s, DelimitedParser.unescape(raw, 0, raw.length, s));
            }
            String name = new String(raw, java.nio.charset.StandardCharsets.UTF_8).strip();
            if (name.isEmpty()) {
                name = "column_" + (c + 1);
            }
            String unique = name;
            for (int n = 2; !seen.add(unique); n++) {
                unique = name + "_" + n;
            }
            names[c] = unique;
        }
        return new Header(names, pos);
    }

    record Header(String[] names, int dataStart) {
    }
}
