package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3KeysTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "incoming/a.csv|incoming/a.csv",
        "incoming/my+file.csv|incoming/my file.csv",
        "incoming/a%2Bb.csv|incoming/a+b.csv",
        "incoming/100%25.csv|incoming/100%.csv",
        "incoming/%C3%BCber+%E6%97%A5%E6%9C%AC.csv|incoming/über 日本.csv",
        "incoming/%F0%9F%93%8A.csv|incoming/📊.csv",
        "incoming/%28x%29%2C%3D.csv|incoming/(x),=.csv",
    })
    void decodesLikeS3EncodesEventKeys(String raw, String expected) {
        assertThat(S3Keys.decode(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a%zz|invalid %-escape '%zz' at position 1",
        "a%2|truncated %-escape at position 1",
        "a%C3|%-escapes do not form valid UTF-8",
    })
    void malformedEscapes_areNamed(String raw, String message) {
        assertThatThrownBy(() -> S3Keys.decode(raw)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
