package com.ingestpipeline.functions.worker.job.profile;

import static com.ingestpipeline.functions.worker.job.profile.ProfileRun.gzip;
import static com.ingestpipeline.functions.worker.job.profile.ProfileRun.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileJobTest {
    @TempDir
    Path tmp;

    private static final String SALES = """
            id,price,active,day,seen_at,name,note
            1,9.50,true,2024-01-02,2024-01-02T10:00:00Z,Alice,
            2,10,false,2024-03-04,2024-03-04 11:30:00,Bob,x
            3,-2.5e1,TRUE,2023-12-31,2023-12-31T23:59:59.5+01:00,"Smith, Carol",
            4,,false,,,"He said ""hi""\",
            """;

    @Test
    void csv_infersEachColumnsTypeAndComputesNullsMinMaxMeanAndDistinct() throws Exception {
        ProfileRun run = ProfileRun.run(tmp, "csv", "none", utf8(SALES));

        assertThat(run.result.rowCount()).isEqualTo(4);
        assertThat(run.result.malformedCount()).isZero();
        JsonNode id = run.column("id");
        assertThat(id.get("type").asText()).isEqualTo("integer");
        assertThat(id.get("min").asLong()).isEqualTo(1);
        assertThat(id.get("max").asLong()).isEqualTo(4);
        assertThat(id.get("mean").asDouble()).isCloseTo(2.5, within(1e-9));
        assertThat(id.get("distinctEstimate").asLong()).isEqualTo(4);
        JsonNode price = run.column("price");
        assertThat(price.get("type").asText()).isEqualTo("decimal");
        assertThat(price.get("nullCount").asLong()).isEqualTo(1);
        assertThat(price.get("min").asDouble()).isEqualTo(-25.0);
        assertThat(price.get("max").asDouble()).isEqualTo(10.0);
        assertThat(price.get("mean").asDouble()).isCloseTo((9.5 + 10 - 25) / 3, within(1e-9));
        assertThat(run.column("active").get("type").asText()).isEqualTo("boolean");
        assertThat(run.column("day").get("type").asText()).isEqualTo("date");
        assertThat(run.column("day").get("min").asText()).isEqualTo("2023-12-31");
        assertThat(run.column("seen_at").get("type").asText()).isEqualTo("timestamp");
        assertThat(run.column("name").get("type").asText()).isEqualTo("string");
        assertThat(run.column("name").get("max").asText()).isEqualTo("Smith, Carol");
        assertThat(run.column("note").get("type").asText()).isEqualTo("string");
        assertThat(run.column("note").get("nullCount").asLong()).isEqualTo(3);
        assertThat(run.profile.get("normalizedRewritten").asBoolean()).isFalse();
    }

    @Test
    void csv_normalisedOutputHasOneTypedJsonObjectPerRow() throws Exception {
        ProfileRun run = ProfileRun.run(tmp, "csv", "none", utf8(SALES));

        assertThat(run.normalized).hasSize(4);
        JsonNode first = run.normalized.get(0);
        assertThat(first.get("id").isIntegralNumber()).isTrue();
        assertThat(first.get("price").decimalValue()).isEqualByComparingTo("9.50");
        assertThat(first.get("active").isBoolean()).isTrue();
        assertThat(first.get("note").isNull()).isTrue();
        assertThat(run.normalized.get(2).get("active").asBoolean()).isTrue();
        assertThat(run.normalized.get(2).get("name").asText()).isEqualTo("Smith, Carol");
        assertThat(run.normalized.get(3).get("name").asText()).isEqualTo("He said \"hi\"");
        assertThat(run.normalized.get(3).get("price").isNull()).isTrue();
    }

    @Test
    void quotedNewlinesAndCrlf_areOneRecordEachAcrossChunkBoundaries() throws Exception {
        StringBuilder csv = new StringBuilder("k,text\r\n");
        for (int i = 0; i < 300; i++) {
            csv.append(i).append(",\"line one\nline two, \"\"quoted\"\"\"\r\n");
        }
        ProfileRun small = ProfileRun.run(tmp, "csv", "none", utf8(csv.toString()), ProfileRun.tinyChunks(), 2);

        assertThat(small.result.rowCount()).isEqualTo(300);
        assertThat(small.result.malformedCount()).isZero();
        assertThat(small.normalized).extracting(n -> n.get("k").asInt()).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 300).boxed().toList());
        assertThat(small.normalized.get(299).get("text").asText()).isEqualTo("line one\nline two, \"quoted\"");
    }

    @Test
    void malformedRows_areCountedSampledWithRowNumbersAndLeftOutOfTheOutput() throws Exception {
        String csv = "a,b\n1,2\n3\n4,5\n6,7,8\n9,x\"y\"z\n10,11\n";

        ProfileRun run = ProfileRun.run(tmp, "csv", "none", utf8(csv));

        assertThat(run.result.rowCount()).isEqualTo(3);
        assertThat(run.result.malformedCount()).isEqualTo(3);
        JsonNode samples = run.profile.get("malformedSamples");
        assertThat(samples).hasSize(3);
        assertThat(samples.get(0).get("row").asLong()).isEqualTo(2);
        assertThat(samples.get(0).get("reason").asText()).isEqualTo("expected 2 fields, found 1");
        assertThat(samples.get(1).get("row").asLong()).isEqualTo(4);
        assertThat(samples.get(1).get("text").asText()).isEqualTo("6,7,8");
        assertThat(samples.get(2).get("reason").asText()).contains("quote inside unquoted field 2");
        assertThat(run.normalized).extracting(n -> n.get("a").asInt()).containsExactly(1, 4, 10);
    }

    @Test
    void sampleRowNumbers_countRowsOfEarlierChunks() throws Exception {
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 1; i <= 500; i++) {
            csv.append(i % 100 == 0 ? i + "\n" : i + "," + i + "\n");
        }
        ProfileRun run = ProfileRun.run(tmp, "csv", "none", utf8(csv.toString()), ProfileRun.tinyChunks(), 2);

        assertThat(run.result.malformedCount()).isEqualTo(5);
        assertThat(run.profile.get("malformedSamples")).extracting(s -> s.get("row").asLong())
                .containsExactly(100L, 200L, 300L, 400L, 500L);
    }

    @Test
    void columnOfNumbersWithSomeText_isRewrittenAsStringsSoEachColumnHasOneJsonType() throws Exception {
        ProfileRun run = ProfileRun.run(tmp, "csv", "none", utf8("code,n\n1,1\n2,2\nN/A,3\ntrue,4\n"));

        assertThat(run.column("code").get("type").asText()).isEqualTo("string");
        assertThat(run.column("n").get("type").asText()).isEqualTo("integer");
        assertThat(run.profile.get("normalizedRewritten").asBoolean()).isTrue();
        assertThat(run.normalized).allSatisfy(n -> {
            assertThat(n.get("code").isTextual()).isTrue();
            assertThat(n.get("n").isIntegralNumber()).isTrue();
        });
        assertThat(run.normalized.get(0).get("code").asText()).isEqualTo("1");
    }

    @Test
    void leadingZerosAndPlusSigns_stayText() throws Exception {
        ProfileRun run = ProfileRun.run(tmp, "csv", "none", utf8("zip\n01234\n+5\n.5\n"));

        assertThat(run.column("zip").get("type").asText()).isEqualTo("string");
        assertThat(run.normalized).extracting(n -> n.get("zip").asText()).containsExactly("01234", "+5", ".5");
    }

    @Test
    void gzipInput_givesTheSameProfileAsPlain() throws Exception {
        ProfileRun plain = ProfileRun.run(tmp, "csv", "none", utf8(SALES));
        ProfileRun gz = ProfileRun.run(tmp, "csv", "gzip", gzip(utf8(SALES)));

        assertThat(gz.profile.get("compression").asText()).isEqualTo("gzip");
        assertThat(gz.profile.get("columns")).isEqualTo(plain.profile.get("columns"));
        assertThat(gz.normalized).isEqualTo(plain.normalized);
    }

    @Test
    void tsv_splitsOnTabsAndKeepsQuotesLiteral() throws Exception {
        ProfileRun run = ProfileRun.run(tmp, "tsv", "none", utf8("a\tb\n1\tsay \"x\"\n2\t\n"));

        assertThat(run.result.rowCount()).isEqualTo(2);
        assertThat(run.normalized.get(0).get("b").asText()).isEqualTo("say \"x\"");
        assertThat(run.normalized.get(1).get("b").isNull()).isTrue();
    }

    @Test
    void headerNames_blankAndDuplicateAreMadeUnique_andUtf8BomIsSkipped() throws Exception {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] body = utf8("name,,name\nx,y,z\n");
        byte[] content = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, content, 0, 3);
        System.arraycopy(body, 0, content, 3, body.length);

        ProfileRun run = ProfileRun.run(tmp, "csv", "none", content);

        assertThat(run.profile.get("columns")).extracting(c -> c.get("name").asText())
                .containsExactly("name", "column_2", "name_2");
        assertThat(run.normalized.get(0).get("name_2").asText()).isEqualTo("z");
    }

    @Test
    void anyThreadCountOrChunkSize_givesTheSameOutput_andRerunsGiveTheSameProfile() throws Exception {
        StringBuilder csv = new StringBuilder("id,v,s\n");
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 5000; i++) {
            csv.append(i).append(',').append(r.nextInt(1000) / 10.0).append(",\"s").append(r.nextInt(50)).append("\"\n");
        }
        ProfileRun one = ProfileRun.run(tmp, "csv", "none", utf8(csv.toString()), ProfileRun.tinyChunks(), 1);
        ProfileRun many = ProfileRun.run(tmp, "csv", "none", utf8(csv.toString()), ProfileRun.tinyChunks(), 3);
        ProfileRun again = ProfileRun.run(tmp, "csv", "none", utf8(csv.toString()), ProfileRun.tinyChunks(), 3);
        ProfileRun bigChunks = ProfileRun.run(tmp, "csv", "none", utf8(csv.toString()), new ProfileJob(), 2);

        assertThat(many.normalized).hasSize(5000).isEqualTo(one.normalized).isEqualTo(bigChunks.normalized);
        assertThat(again.profile).isEqualTo(many.profile);
        assertThat(many.column("s").get("distinctEstimate").asLong()).isEqualTo(50);
        assertThat(many.column("v").get("distinctEstimate").asDouble())
                .isCloseTo(one.column("v").get("distinctEstimate").asDouble(), within(20.0));
        assertThat(many.column("v").get("mean").asDouble())
                .isCloseTo(bigChunks.column("v").get("mean").asDouble(), within(1e-9));
    }

    @Test
    void distinctEstimate_isWithinTwoPercentOnAMillionValues() throws Exception {
        StringBuilder csv = new StringBuilder("k\n");
        for (int i = 0; i < 1_000_000; i++) {
            csv.append(i % 200_000).append('\n');
        }
        ProfileRun run = ProfileRun.run(tmp, "csv", "none", utf8(csv.toString()));

        assertThat(run.column("k").get("distinctEstimate").asDouble()).isCloseTo(200_000, within(4_000.0));
    }
}
