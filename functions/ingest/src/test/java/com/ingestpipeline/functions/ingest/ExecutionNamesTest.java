package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExecutionNamesTest {
    @Test
    void nameIsFPlusSha256OfTheIdentity() {
        // printf 'b\nk\ne\n01' | sha256sum
        assertThat(ExecutionNames.of("b", "k", null, "e", "01"))
                .isEqualTo("f-5ebba7f92d88d879d144342a8e170db2adc5c61d635bcfb82c95703efa0eccdb");
        assertThat(ExecutionNames.of("b", "k", "", "e", "01")).as("empty version id = unversioned")
                .isEqualTo(ExecutionNames.of("b", "k", null, "e", "01"));
        assertThat(ExecutionNames.of("b", "k", null, "e", "01")).matches("f-[0-9a-f]{64}").hasSize(66);
    }

    @Test
    void versionIdTakesPrecedenceOverEtag_andEveryPartMatters() {
        String base = ExecutionNames.of("b", "k", "v1", "e", "01");
        assertThat(ExecutionNames.of("b", "k", "v1", "other-etag", "01")).isEqualTo(base);
        assertThat(ExecutionNames.of("b", "k", "v2", "e", "01")).isNotEqualTo(base);
        assertThat(ExecutionNames.of("b", "k2", "v1", "e", "01")).isNotEqualTo(base);
        assertThat(ExecutionNames.of("b2", "k", "v1", "e", "01")).isNotEqualTo(base);
        assertThat(ExecutionNames.of("b", "k", "v1", "e", "02")).isNotEqualTo(base);
    }
}
