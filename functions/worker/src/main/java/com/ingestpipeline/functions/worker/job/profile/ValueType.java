package com.ingestpipeline.functions.worker.job.profile;

/** The type of one value, as bits so a column can remember every type it has seen. */
final class ValueType {
    static final int BOOLEAN = 1;
    static final int INTEGER = 1 << 1;
    static final int DECIMAL = 1 << 2;
    static final int DATE = 1 << 3;
    static final int TIMESTAMP = 1 << 4;
    static final int STRING = 1 << 5;
    static final int OBJECT = 1 << 6;
    static final int ARRAY = 1 << 7;

    static final int NUMERIC = INTEGER | DECIMAL;
    /** Types written to the normalised output as something other than a JSON string. */
    static final int TYPED_IN_OUTPUT = BOOLEAN | NUMERIC;

    private ValueType() {
    }

    /**
     * The column type reported in the profile: the narrowest type every non-null value fits.
     * Delimited files widen conflicts to {@code string} (every value is text there); JSON Lines
     * values carry their own types, so a conflict there is reported as {@code mixed}.
     */
    static String columnType(int mask, boolean textSource) {
        if (mask == 0) {
            return "empty";
        }
        if ((mask & ~INTEGER) == 0) {
            return "integer";
        }
        if ((mask & ~NUMERIC) == 0) {
            return "decimal";
        }
        if (mask == BOOLEAN) {
            return "boolean";
        }
        if (mask == DATE) {
            return "date";
        }
        if ((mask & ~(DATE | TIMESTAMP)) == 0) {
            return "timestamp";
        }
        if (mask == STRING) {
            return "string";
        }
        if (mask == OBJECT) {
            return "object";
        }
        if (mask == ARRAY) {
            return "array";
        }
        return textSource ? "string" : "mixed";
    }
}
