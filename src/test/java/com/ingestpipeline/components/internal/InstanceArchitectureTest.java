package com.ingestpipeline.components.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceArchitectureTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "t4g.medium, arm64", "m7g.large, arm64", "m6gd.xlarge, arm64", "c6gn.2xlarge, arm64", "im4gn.large, arm64",
        "is4gen.medium, arm64", "hpc7g.4xlarge, arm64", "x2gd.medium, arm64", "g5g.xlarge, arm64", "a1.large, arm64",
        "r8g.large, arm64",
        "t3.medium, x86_64", "t3a.small, x86_64", "m7i.large, x86_64", "c6in.large, x86_64", "g5.xlarge, x86_64",
        "g4dn.xlarge, x86_64", "p4d.24xlarge, x86_64", "r7iz.large, x86_64", "inf2.xlarge, x86_64",
        "u-6tb1.metal, x86_64"})
    void architectureFollowsTheFamily(String type, String arch) {
        assertThat(InstanceArchitecture.of(type)).isEqualTo(arch);
    }

    @Test
    void malformedAndMacTypesAreRefusedWithAReason() {
        assertThat(InstanceArchitecture.problem("t4g")).contains(
            "instanceType must look like <family>.<size>, e.g. t4g.medium (got t4g)");
        assertThat(InstanceArchitecture.problem("T4G.Medium")).isPresent();
        assertThat(InstanceArchitecture.problem(null)).isPresent();
        assertThat(InstanceArchitecture.problem("mac2.metal")).hasValueSatisfying(p -> assertThat(p).contains("Mac instance"));
        assertThatThrownBy(() -> InstanceArchitecture.of("mac1.metal")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void amiParameterIsThePublicAl2023OneForTheArchitecture() {
        assertThat(InstanceArchitecture.al2023AmiParameter("arm64"))
            .isEqualTo("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
    }
}
