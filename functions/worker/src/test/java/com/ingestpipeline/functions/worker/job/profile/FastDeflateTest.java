package com.ingestpipeline.functions.worker.job.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** The hand-written DEFLATE encoder, checked against the JDK's (zlib's) inflater on every shape of input. */
class FastDeflateTest {
    private final FastDeflate deflate = new FastDeflate();

    private byte[] roundTrip(byte[] data) throws Exception {
        JsonBytes out = new JsonBytes(16);
        deflate.deflate(data, data.length, out);
        Inflater inflater = new Inflater(true);
        inflater.setInput(out.buf, 0, out.size);
        byte[] back = new byte[data.length + 1];
        int n = 0;
        while (!inflater.finished()) {
            int got = inflater.inflate(back, n, back.length - n);
            assertThat(got > 0 || inflater.finished()).as("inflater made progress (needs input: %s)", inflater.needsInput())
                    .isTrue();
            n += got;
        }
        assertThat(inflater.getRemaining()).as("no bytes after the final block").isZero();
        inflater.end();
        assertThat(n).isEqualTo(data.length);
        byte[] exact = java.util.Arrays.copyOf(back, n);
        assertThat(exact).isEqualTo(data);
        return java.util.Arrays.copyOf(out.buf, out.size);
    }

    @Test
    void emptyAndTinyInputs_roundTrip() throws Exception {
        for (int len = 0; len <= 40; len++) {
            byte[] data = new byte[len];
            for (int i = 0; i < len; i++) {
                data[i] = (byte) ('a' + i % 3);
            }
            roundTrip(data);
        }
    }

    @Test
    void incompressibleData_fallsBackToStoredBlocks_acrossThe64KiBStoredLimit() throws Exception {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        byte[] packed = roundTrip(data);
        assertThat(packed.length).isLessThan(data.length + 100);
    }

    @Test
    void longRunsAndOverlappingMatches_useMaximumLengthsAndDistanceOne() throws Exception {
        byte[] data = new byte[100_000];
        java.util.Arrays.fill(data, 0, 50_000, (byte) 'x');
        for (int i = 50_000; i < data.length; i++) {
            data[i] = (byte) "abcab".charAt(i % 5);
        }
        byte[] packed = roundTrip(data);
        assertThat(packed.length).isLessThan(2_000);
    }

    @Test
    void manyBlocks_everyByteValue_andMatchesAtTheWindowLimit() throws Exception {
        Random r = new Random(3);
        byte[] data = new byte[1 << 20];
        byte[] phrase = new byte[200];
        r.nextBytes(phrase);
        for (int i = 0; i < data.length; ) {
            if (r.nextInt(4) == 0 && i + phrase.length <= data.length) {
                System.arraycopy(phrase, 0, data, i, phrase.length);
                i += phrase.length;
            } else {
                data[i++] = (byte) r.nextInt(256);
            }
        }
        // A repeat exactly 32768 bytes back (the largest distance), and one just beyond it.
        System.arraycopy(data, 100_000, data, 100_000 + 32_768, 300);
        System.arraycopy(data, 200_000, data, 200_000 + 32_769, 300);
        roundTrip(data);
    }

    @Test
    void skewedFrequencies_giveACompleteCodeNoLongerThanTheLimit() {
        // Fibonacci frequencies: the optimal code would be 29 bits deep, DEFLATE allows 15.
        int[] freq = new int[30];
        freq[0] = 1;
        freq[1] = 1;
        for (int s = 2; s < freq.length; s++) {
            freq[s] = freq[s - 1] + freq[s - 2];
        }
        Huffman h = new Huffman(30, 15);
        h.build(freq);

        double kraft = 0;
        for (int len : h.length) {
            assertThat(len).isBetween(1, 15);
            kraft += Math.pow(2, -len);
        }
        assertThat(kraft).isEqualTo(1.0);
        assertThat(h.length[29]).isLessThan(h.length[0]);
    }

    @Test
    void oneOrNoUsedSymbol_stillGivesACompleteTwoSymbolCode() {
        Huffman h = new Huffman(30, 15);
        h.build(new int[30]);
        assertThat(h.used(1)).isEqualTo(2);
        assertThat(h.length[0]).isEqualTo(1);
        assertThat(h.length[1]).isEqualTo(1);
        int[] one = new int[30];
        one[7] = 9;
        h.build(one);
        assertThat(h.length[7]).isEqualTo(1);
        assertThat(h.length[0]).isEqualTo(1);
    }

    @Test
    void skewedLiteralsAcrossManyBlocks_roundTrip() throws Exception {
        Random r = new Random(9);
        byte[] data = new byte[600_000];
        for (int i = 0; i < data.length; i++) {
            int x = r.nextInt(1 << 20);
            data[i] = (byte) (31 - Integer.numberOfLeadingZeros(x | 1)); // geometric: byte k with chance ~2^-(20-k)
        }
        roundTrip(data);
    }

    @Test
    void normalisedJson_isAValidMultiMemberGzip_lessThanHalfTheSize() throws Exception {
        StringBuilder json = new StringBuilder();
        Random r = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            json.append("{\"id\":").append(i).append(",\"user\":\"user_").append(r.nextInt(50_000))
                    .append("\",\"amount\":").append(r.nextInt(100_000) / 100.0).append(",\"country\":\"NO\"}\n");
        }
        byte[] data = json.toString().getBytes(StandardCharsets.UTF_8);
        JsonBytes src = new JsonBytes(data.length);
        src.put(data);
        JsonBytes gz = new JsonBytes(16);
        src.gzipInto(gz, deflate, new CRC32());
        src.gzipInto(gz, deflate, new CRC32()); // two members back to back: one valid gzip file

        byte[] back = new GZIPInputStream(new ByteArrayInputStream(gz.buf, 0, gz.size)).readAllBytes();
        assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo(json.toString() + json);
        assertThat(gz.size).isLessThan(data.length / 2);
    }
}
