package com.ingestpipeline.functions.worker.job.profile;

import static com.ingestpipeline.functions.worker.job.profile.ProfileRun.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.functions.worker.TaskFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON Lines, and inputs the job must refuse with a clear message. */
class ProfileInputsTest {
    @TempDir
    Path tmp;

    @Test
    void jsonLines_profilesTopLevelKeysInFileOrder_andRewritesEachObjectCompactly() throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            jsonl.append("{ \"id\": ").append(i).append(", \"when\": \"2024-05-0").append(1 + i % 9)
                    .append("\", \"tags\": [\"a\", \"b\"], \"meta\": {\"x\": 1}")
                    .append(i >= 150 ? ", \"late\": true" : "").append(" }\n");
        }
        jsonl.append("\n   \n");

        ProfileRun run = ProfileRun.run(tmp, "jsonl", "none", utf8(jsonl.toString()), ProfileRun.tinyChunks(), 2);

        assertThat(run.result.rowCount()).isEqualTo(200);
        assertThat(run.profile.get("columns")).extracting(c -> c.get("name").asText())
                .containsExactly("id", "when", "tags", "meta", "late");
        assertThat(run.column("id").get("type").asText()).isEqualTo("integer");
        assertThat(run.column("id").get("max").asLong()).isEqualTo(199);
        assertThat(run.column("when").get("type").asText()).isEqualTo("date");
        assertThat(run.column("tags").get("type").asText()).isEqualTo("array");
        assertThat(run.column("meta").get("type").asText()).isEqualTo("object");
        assertThat(run.column("late").get("nullCount").asLong()).isEqualTo(150);
        JsonNode first = run.normalized.get(0);
        assertThat(first.get("tags").get(1).asText()).isEqualTo("b");
        assertThat(first.get("meta").get("x").asInt()).isEqualTo(1);
    }

    @Test
    void jsonLines_badLinesAreMalformedWithTheParserMessage_andConflictingTypesAreMixed() throws Exception {
        String jsonl = "{\"v\": 1}\n[1, 2]\n{\"v\": \"one\"}\n{\"v\": 2\n{\"v\": 3} trailing\n{\"v\": 1, \"v\": 2}\n";

        ProfileRun run = ProfileRun.run(tmp, "jsonl", "none", utf8(jsonl));

        assertThat(run.result.rowCount()).isEqualTo(2);
        assertThat(run.result.malformedCount()).isEqualTo(4);
        assertThat(run.column("v").get("type").asText()).isEqualTo("mixed");
        JsonNode samples = run.profile.get("malformedSamples");
        assertThat(samples.get(0).get("row").asLong()).isEqualTo(2);
        assertThat(samples.get(0).get("reason").asText()).contains("not a JSON object");
        assertThat(samples.get(3).get("reason").asText()).contains("Duplicate field 'v'");
        assertThat(run.normalized).extracting(n -> n.get("v").asText()).containsExactly("1", "one");
    }

    @Test
    void zeroByteFile_succeedsWithNoColumnsAndAValidEmptyGzip() throws Exception {
        ProfileRun run = ProfileRun.run(tmp, "csv", "none", new byte[0]);

        assertThat(run.result.rowCount()).isZero();
        assertThat(run.profile.get("columns")).isEmpty();
        assertThat(run.normalized).isEmpty();
    }

    @Test
    void nulBytesUpFront_areRefusedAsUtf16WithoutBom() {
        byte[] utf16 = "id,name\n1,x\n".getBytes(StandardCharsets.UTF_16LE);

        assertThatThrownBy(() -> ProfileRun.run(tmp, "csv", "none", utf16))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("NUL bytes");
    }

    @Test
    void declaredGzipThatIsNotGzip_isRefused() {
        assertThatThrownBy(() -> ProfileRun.run(tmp, "csv", "gzip", utf8("a\n1\n")))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("declared gzip");
    }

    @Test
    void unknownFormat_isRefusedNamingTheSupportedOnes() {
        assertThatThrownBy(() -> ProfileRun.run(tmp, "parquet", "none", utf8("x")))
                .isInstanceOf(TaskFailure.class).hasMessage("unsupported format 'parquet' (expected csv, tsv or jsonl)");
    }

    @Test
    void headerWithAStrayQuote_isRefused() {
        assertThatThrownBy(() -> ProfileRun.run(tmp, "csv", "none", utf8("a,b\"c\"\n1,2\n")))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("header row is malformed");
    }

    @Test
    void controlCharactersAndUnicode_areEscapedOrKeptAsValidJson() throws Exception {
        ProfileRun run = ProfileRun.run(tmp, "tsv", "none", utf8("s\nTromsø \u0001 \\ 😀\n"));

        assertThat(run.normalized.get(0).get("s").asText()).isEqualTo("Tromsø \u0001 \\ 😀");
        assertThat(run.column("s").get("max").asText()).isEqualTo("Tromsø \u0001 \\ 😀");
    }
}
