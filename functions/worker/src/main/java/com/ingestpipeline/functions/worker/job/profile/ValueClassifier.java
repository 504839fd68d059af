package com.ingestpipeline.functions.worker.job.profile;

import java.nio.charset.StandardCharsets;

/**
 * Classifies one text value straight from the input bytes (no String per value: this runs for
 * every field of every row). Numbers must follow JSON's number grammar so that the normalised
 * output can copy them verbatim: {@code 007}, {@code +1} or {@code .5} stay strings, which also
 * keeps identifiers with leading zeros intact.
 */
final class ValueClassifier {
    private static final double[] POW10 = new double[19];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    /** Numeric value of the last INTEGER or DECIMAL classified. */
    double number;

    int classify(byte[] b, int off, int len) {
        byte first = b[off];
        if ((first >= '0' && first <= '9') || first == '-') {
            int numeric = classifyNumber(b, off, len);
            if (numeric != 0) {
                return numeric;
            }
            if (len >= 10 && isDate(b, off)) {
                if (len == 10) {
                    return ValueType.DATE;
                }
                if (isTimeSuffix(b, off + 10, off + len)) {
                    return ValueType.TIMESTAMP;
                }
            }
            return ValueType.STRING;
        }
        if (isBoolean(b, off, len)) {
            return ValueType.BOOLEAN;
        }
        return ValueType.STRING;
    }

    /** True when the last value classified BOOLEAN was true. */
    static boolean booleanValue(byte[] b, int off) {
        return b[off] == 't' || b[off] == 'T';
    }

    private int classifyNumber(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        long mantissa = 0;
        int digits = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            if (digits < 18) {
                mantissa = mantissa * 10 + (b[i] - '0');
            }
            digits++;
            i++;
        }
        int intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && b[intStart] == '0')) {
            return 0;
        }
        if (i == end && digits <= 18) {
            number = negative ? -mantissa : mantissa;
            return ValueType.INTEGER;
        }
        int scale = 0;
        if (i < end && b[i] == '.') {
            i++;
            int fracStart = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                if (digits < 18) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    scale++;
                }
                digits++;
                i++;
            }
            if (i == fracStart) {
                return 0;
            }
        }
        boolean exponent = false;
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            exponent = true;
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int expStart = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == expStart) {
                return 0;
            }
        }
        if (i != end) {
            return 0;
        }
        if (exponent || digits > 18) {
            number = Double.parseDouble(new String(b, off, len, StandardCharsets.US_ASCII));
        } else {
            double value = mantissa / POW10[scale];
            number = negative ? -value : value;
        }
        return Double.isFinite(number) ? ValueType.DECIMAL : 0;
    }

    private static boolean isDate(byte[] b, int o) {
        if (!(digit(b[o]) && digit(b[o + 1]) && digit(b[o + 2]) && digit(b[o + 3]) && b[o + 4] == '-'
                && digit(b[o + 5]) && digit(b[o + 6]) && b[o + 7] == '-' && digit(b[o + 8]) && digit(b[o + 9]))) {
            return false;
        }
        int month = (b[o + 5] - '0') * 10 + (b[o + 6] - '0');
        int day = (b[o + 8] - '0') * 10 + (b[o + 9] - '0');
        return month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    /** {@code [T ]hh:mm[:ss[.fff]][Z|±hh:mm|±hhmm]}. */
    private static boolean isTimeSuffix(byte[] b, int i, int end) {
        if (end - i < 6 || (b[i] != 'T' && b[i] != ' ')) {
            return false;
        }
        if (!(digit(b[i + 1]) && digit(b[i + 2]) && b[i + 3] == ':' && digit(b[i + 4]) && digit(b[i + 5]))) {
            return false;
        }
        i += 6;
        if (i + 2 < end && b[i] == ':' && digit(b[i + 1]) && digit(b[i + 2])) {
            i += 3;
            if (i < end && b[i] == '.') {
                int fracStart = ++i;
                while (i < end && digit(b[i])) {
                    i++;
                }
                if (i == fracStart) {
                    return false;
                }
            }
        }
        if (i == end) {
            return true;
        }
        if (b[i] == 'Z') {
            return i + 1 == end;
        }
        if (b[i] == '+' || b[i] == '-') {
            int rest = end - i - 1;
            if (rest == 5) {
                return digit(b[i + 1]) && digit(b[i + 2]) && b[i + 3] == ':' && digit(b[i + 4]) && digit(b[i + 5]);
            }
            if (rest == 4 || rest == 2) {
                for (int k = 1; k <= rest; k++) {
                    if (!digit(b[i + k])) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static boolean isBoolean(byte[] b, int off, int len) {
        if (len == 4) {
            return matches(b, off, "true") || matches(b, off, "TRUE") || matches(b, off, "True");
        }
        if (len == 5) {
            return matches(b, off, "false") || matches(b, off, "FALSE") || matches(b, off, "False");
        }
        return false;
    }

    private static boolean matches(byte[] b, int off, String word) {
        for (int i = 0; i < word.length(); i++) {
            if (b[off + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }
}
