package com.ingestpipeline.functions.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes object keys as S3 event notifications encode them: like an HTML form value ({@code +} is a space, then
 * {@code %XX} percent-escapes of UTF-8 bytes). A literal {@code +} in a key arrives as {@code %2B}.
 */
final class S3Keys {
    private S3Keys() {
    }

    /** The decoded key; throws {@link IllegalArgumentException} naming the problem for malformed escapes or bytes. */
    static String decode(String raw) {
        byte[] bytes = new byte[raw.length() * 3];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes[n++] = ' ';
            } else if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated %-escape at position " + i);
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid %-escape '" + raw.substring(i, i + 3) + "' at position " + i);
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                // Characters S3 left unescaped (letters, digits, and in practice any non-reserved char) as UTF-8.
                byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    enc = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                if (n + enc.length > bytes.length) {
                    throw new IllegalArgumentException("key too long to decode");
                }
                System.arraycopy(enc, 0, bytes, n, enc.length);
                n += enc.length;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("%-escapes do not form valid UTF-8");
        }
    }
}
