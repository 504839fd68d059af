package com.ingestpipeline.functions.worker.job.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ingestpipeline.functions.worker.TaskFailure;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkReaderTest {

    @Test
    void countQuotes_matchesAByteByByteCountForEveryAlignment() {
        Random r = new Random(3);
        for (int n = 0; n < 200; n++) {
            byte[] data = new byte[r.nextInt(64)];
            int expected = 0;
            for (int i = 0; i < data.length; i++) {
                int pick = r.nextInt(4);
                data[i] = (byte) (pick == 0 ? '"' : pick == 1 ? 0xa2 : pick == 2 ? 0x23 : r.nextInt(256));
                expected += data[i] == '"' ? 1 : 0;
            }
            assertThat(ChunkReader.countQuotes(data, data.length)).as("case %d", n).isEqualTo(expected);
        }
    }

    @Test
    void chunksEndOnRecordBoundaries_neverInsideAQuotedNewline() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            csv.append(i).append(",\"a\nb\"\"c\"\n");
        }
        ChunkReader reader = new ChunkReader(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                true, false, 50, 1 << 20);
        List<String> chunks = new ArrayList<>();
        for (ChunkReader.Chunk c = reader.next(); c != null; c = reader.next()) {
            chunks.add(new String(c.data(), c.start(), c.end() - c.start(), StandardCharsets.UTF_8));
        }

        assertThat(String.join("", chunks)).isEqualTo(csv.toString());
        assertThat(chunks).hasSizeGreaterThan(10).allSatisfy(c -> {
            assertThat(c).endsWith("\"\n");
            assertThat(ChunkReader.countQuotes(c.getBytes(StandardCharsets.UTF_8), c.length()) % 2).isZero();
        });
    }

    @Test
    void recordLongerThanTheLimit_isAPermanentFailureSuggestingAnUnterminatedQuote() {
        byte[] data = ("a,b\n1,\"never closed\n" + "x".repeat(5000)).getBytes(StandardCharsets.UTF_8);
        data = java.util.Arrays.copyOf(data, data.length + 1);
        data[data.length - 1] = '\n';
        ChunkReader reader = new ChunkReader(new ByteArrayInputStream(data), true, false, 64, 1024);

        assertThatThrownBy(() -> {
            while (reader.next() != null) {
                // read on
            }
        }).isInstanceOf(TaskFailure.class).hasMessageContaining("a record is longer than")
                .hasMessageContaining("unterminated quote");
    }
}
