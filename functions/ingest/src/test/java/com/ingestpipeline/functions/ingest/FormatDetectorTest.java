package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatDetectorTest {
    private final FormatDetector detector = new FormatDetector();

    private FormatDetector.Result detect(String key, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return detector.detect(key, null, b, true);
    }

    @Test
    void csvHeader_honoursQuotesBomAndCrlf() {
        FormatDetector.Result r = detect("in/a.csv", "\uFEFF\"id\",\"full, name\",\"say \"\"hi\"\"\",\r\n1,2,3,4\r\n");

        assertThat(r.accepted()).isTrue();
        assertThat(r.format()).isEqualTo("csv");
        assertThat(r.columns()).containsExactly("id", "full, name", "say \"hi\"", "column_4");
    }

    @Test
    void extensionlessOrTxt_isSniffedFromTheFirstLine() {
        assertThat(detect("in/data", "a\tb\tc\n").format()).isEqualTo("tsv");
        assertThat(detect("in/data.txt", "a,b\n").format()).isEqualTo("csv");
        assertThat(detect("in/data", "{\"a\":1}\n").format()).isEqualTo("jsonl");
    }

    @Test
    void jsonLines_needAnObjectOnTheFirstLine() {
        assertThat(detect("in/a.jsonl", "{\"a\":1,\"b\":[1]}\n{\"a\":2}\n").columns()).containsExactly("a", "b");
        // Top-level names only, first occurrence order, no repeats; nested objects are skipped over.
        assertThat(detect("in/a.jsonl", "{\"id\":1,\"meta\":{\"x\":{\"y\":2}},\"id\":3,\"tags\":[{\"t\":1}]}\n").columns())
                .containsExactly("id", "meta", "tags");
        assertThat(detect("in/a.ndjson", "[1,2]\n").reason()).isEqualTo("not JSON Lines: the first line does not start with a JSON object");
        assertThat(detect("in/a.json", "{\"a\":\n").reason()).isEqualTo("not JSON Lines: the first line is not valid JSON");
    }

    @Test
    void firstJsonRecordLongerThanTheSample_isAcceptedWithoutFieldNames() {
        byte[] sample = ("{\"blob\":\"" + "x".repeat(FormatDetector.SAMPLE_BYTES)).getBytes(StandardCharsets.UTF_8);
        FormatDetector.Result r = detector.detect("in/a.jsonl", null, Arrays.copyOf(sample, FormatDetector.SAMPLE_BYTES), false);

        assertThat(r.format()).isEqualTo("jsonl");
        assertThat(r.columns()).isNull();
    }

    @Test
    void csvHeaderLongerThanTheSample_isRejected() {
        byte[] sample = "c,".repeat(FormatDetector.SAMPLE_BYTES).getBytes(StandardCharsets.UTF_8);
        FormatDetector.Result r = detector.detect("in/a.csv", null, Arrays.copyOf(sample, FormatDetector.SAMPLE_BYTES), false);

        assertThat(r.reason()).isEqualTo("header line is longer than the 16 KiB sample");
    }

    @Test
    void sampleCutInsideAMultibyteCharacter_isStillText() {
        byte[] text = ("a,b\n" + "ü".repeat(20)).getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(text, text.length - 1);

        assertThat(detector.detect("in/a.csv", null, cut, false).columns()).isEqualTo(List.of("a", "b"));
        assertThat(detector.detect("in/a.csv", null, cut, true).reason()).isEqualTo("binary content (not UTF-8 text)");
    }

    @Test
    void gzipDeclaredByContentTypeOnly_mustBeGzip() {
        FormatDetector.Result r = detector.detect("in/a.csv", "application/x-gzip", "a,b\n".getBytes(StandardCharsets.UTF_8), true);
        assertThat(r.reason()).isEqualTo("declared gzip (by content type) but the content is not gzip");
    }

    @Test
    void gzipOfNothing_isRejected() throws Exception {
        byte[] gz = IngestHandlerTest.gzip("");
        assertThat(detector.detect("in/a.csv.gz", null, gz, true).reason()).isEqualTo("gzip holds an empty file");
    }

    @Test
    void gzipSampleCutMidStream_isFine() throws Exception {
        StringBuilder sb = new StringBuilder("id,value\n");
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < 20_000; i++) {
            sb.append(i).append(',').append(rnd.nextLong()).append('\n');
        }
        byte[] gz = IngestHandlerTest.gzip(sb.toString());
        byte[] sample = Arrays.copyOf(gz, FormatDetector.SAMPLE_BYTES);

        FormatDetector.Result r = detector.detect("in/a.csv.gz", null, sample, false);

        assertThat(r.compression()).isEqualTo("gzip");
        assertThat(r.columns()).containsExactly("id", "value");
    }

    @Test
    void blankFirstLineOrNulBytes_areRejected() {
        assertThat(detect("in/a.csv", "\n1,2\n").reason()).isEqualTo("first line is empty: expected a header row or a JSON object");
        assertThat(detect("in/a.csv", "a,b\n1\u00002\n").reason()).isEqualTo("binary content (NUL bytes), not a text format");
    }
}
