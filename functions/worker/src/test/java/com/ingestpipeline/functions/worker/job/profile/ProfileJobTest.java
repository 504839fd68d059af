package com.ingestpipeline.functions.worker.job.profile;

import static com.ingestpipeline.functions.worker.job.JobRun.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.functions.worker.TaskFailure;
import com.ingestpipeline.functions.worker.job.JobRun;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileJobTest {
    private static final String CSV = String.join("\n",
            "id,name,amount,day",
            "1,alice,1.5,2025-01-02",
            "2,bob",                              // line 3: a field missing
            "3,\"carol, \"\"cc\"\"\",2.5,2025-01-03",
            "4,dave,,2025-01-04",
            "5,eve,4,2025-01-05,extra",           // line 6: one field too many
            "6,frank,-7.25,2025-02-01",
            "");

    @TempDir
    Path tmp;

    private JobRun run(String format, String compression, byte[] content) throws Exception {
        return JobRun.run(new ProfileJob(), tmp, format, compression, content);
    }

    @Test
    void csv_goodRowsBecomeParquet_badRowsAreCountedAndWrittenAside() throws Exception {
        JobRun r = run("csv", "none", utf8(CSV));

        assertThat(r.result.rowCount()).isEqualTo(4);
        assertThat(r.result.malformedCount()).isEqualTo(2);
        assertThat(r.result.outputs()).containsOnlyKeys("data", "profile", "rejects");
        assertThat(r.rows("data", "id")).containsExactly(
                List.of("1", "alice", "1.5", "2025-01-02"),
                List.of("3", "carol, \"cc\"", "2.5", "2025-01-03"),
                List.of("4", "dave", "null", "2025-01-04").stream().map(v -> v.equals("null") ? null : v).toList(),
                List.of("6", "frank", "-7.25", "2025-02-01"));
        assertThat(r.schema("data")).containsExactly(List.of("id", "BIGINT"), List.of("name", "VARCHAR"),
                List.of("amount", "DOUBLE"), List.of("day", "DATE"));
        assertThat(r.rows("rejects", "line")).extracting(row -> row.get(0) + " " + row.get(2) + " " + row.get(4))
                .as("one row per error: line 3 misses two fields")
                .containsExactly("3 MISSING COLUMNS 2,bob", "3 MISSING COLUMNS 2,bob",
                        "6 TOO MANY COLUMNS 5,eve,4,2025-01-05,extra");
    }

    @Test
    void csv_profileGivesTypesNullsMinMaxMeanAndDistinctPerColumn() throws Exception {
        JobRun r = run("csv", "none", utf8(CSV));
        JsonNode p = r.json("profile");

        assertThat(p.get("rowCount").asLong()).isEqualTo(4);
        assertThat(p.get("malformedCount").asLong()).isEqualTo(2);
        assertThat(JobRun.MAPPER.readTree(r.result.summary().toString())).isEqualTo(p);
        JsonNode amount = column(p, "amount");
        assertThat(amount.get("type").asText()).isEqualTo("DOUBLE");
        assertThat(amount.get("nullCount").asLong()).isEqualTo(1);
        assertThat(amount.get("min").decimalValue()).isEqualByComparingTo("-7.25");
        assertThat(amount.get("max").decimalValue()).isEqualByComparingTo("2.5");
        assertThat(amount.get("mean").asDouble()).isCloseTo((1.5 + 2.5 - 7.25) / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(amount.get("distinctEstimate").asLong()).isEqualTo(3);
        JsonNode name = column(p, "name");
        assertThat(name.get("min").asText()).isEqualTo("alice");
        assertThat(name.get("max").asText()).isEqualTo("frank");
        assertThat(name.has("mean")).isFalse();
        assertThat(column(p, "day").get("max").asText()).isEqualTo("2025-02-01");
        assertThat(p.get("malformedSamples")).hasSize(3);
        assertThat(p.get("malformedSamples").get(0).get("line").asLong()).isEqualTo(3);
        assertThat(p.get("malformedSamples").get(0).get("reason").asText()).contains("Expected Number of Columns: 4");
    }

    @Test
    void gzipInput_givesTheSameRowsAsPlain_declaredOrNot() throws Exception {
        JobRun declared = run("csv", "gzip", gzip(utf8(CSV)));
        JobRun sniffed = run("csv", "none", gzip(utf8(CSV)));
        JobRun plain = run("csv", "none", utf8(CSV));

        assertThat(declared.rows("data", "id")).isEqualTo(plain.rows("data", "id")).hasSize(4);
        assertThat(sniffed.rows("data", "id")).isEqualTo(plain.rows("data", "id"));
        assertThat(declared.result.malformedCount()).isEqualTo(2);
    }

    @Test
    void declaredGzipThatIsNotGzip_failsPermanently() {
        assertThatThrownBy(() -> run("csv", "gzip", utf8(CSV)))
                .isInstanceOfSatisfying(TaskFailure.class, f -> assertThat(f.kind()).isEqualTo(TaskFailure.Kind.PERMANENT))
                .hasMessageContaining("declared gzip but is not gzip");
    }

    @Test
    void tsv_readsTabSeparatedWithoutQuoting() throws Exception {
        JobRun r = run("tsv", "none", utf8("id\tnote\n1\tsays \"hi\", twice\n2\tplain\n3\n"));

        assertThat(r.rows("data", "id")).containsExactly(List.of("1", "says \"hi\", twice"), List.of("2", "plain"));
        assertThat(r.result.malformedCount()).isEqualTo(1);
    }

    @Test
    void invalidUtf8Row_isRejected_otherRowsKept() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(utf8("id,city\n1,Oslo\n2,"));
        bytes.writeBytes(new byte[] {'T', 'r', (byte) 0xF8, 'n', 'o'}); // Latin-1 "Trøno"
        bytes.writeBytes(utf8("\n3,Bergen\n"));

        JobRun r = run("csv", "none", bytes.toByteArray());

        assertThat(r.rows("data", "id")).containsExactly(List.of("1", "Oslo"), List.of("3", "Bergen"));
        assertThat(r.result.malformedCount()).isEqualTo(1);
        assertThat(r.rows("rejects", "line")).singleElement().satisfies(row -> assertThat(row.get(0)).isEqualTo("3"));
    }

    @Test
    void jsonLines_objectsBecomeColumns_badAndNonObjectLinesAreMalformed() throws Exception {
        String jsonl = String.join("\n",
                "{\"id\":1,\"name\":\"a\",\"tags\":[\"x\"]}",
                "{not json",
                "",
                "[1,2]",
                "{\"id\":2,\"extra\":{\"k\":true}}",
                "");

        JobRun r = run("jsonl", "none", utf8(jsonl));

        assertThat(r.result.rowCount()).isEqualTo(2);
        assertThat(r.result.malformedCount()).isEqualTo(2);
        assertThat(r.schema("data")).extracting(c -> c.get(0)).containsExactlyInAnyOrder("id", "name", "tags", "extra");
        assertThat(r.rows("data", "id")).extracting(row -> row.get(0)).containsExactly("1", "2");
        assertThat(r.rows("rejects", "line")).singleElement()
                .satisfies(row -> assertThat(row.subList(0, 1)).containsExactly("2"));
    }

    @Test
    void headerOnly_givesZeroRowsAndAnEmptyParquet() throws Exception {
        JobRun r = run("csv", "none", utf8("a,b\n"));

        assertThat(r.result.rowCount()).isZero();
        assertThat(r.result.malformedCount()).isZero();
        assertThat(Files.exists(r.result.outputs().get("data"))).isTrue();
    }

    @Test
    void unknownFormat_failsPermanentlyNamingIt() {
        assertThatThrownBy(() -> run("xml", "none", utf8("<a/>")))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("unsupported format 'xml'");
    }

    @Test
    void outputsAreCommittedUnderTheirNames_noPartialFilesLeft() throws Exception {
        JobRun r = run("csv", "none", utf8(CSV));

        try (var files = Files.list(r.dir.resolve("out"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("data.parquet", "profile.json", "rejects.parquet");
        }
    }

    private static JsonNode column(JsonNode profile, String name) {
        for (JsonNode c : profile.get("columns")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no column " + name + " in " + profile);
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }
}
