package com.ingestpipeline.components.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrsTest {
    @Test
    void splitsASlash16IntoConsecutiveSlash20s() {
        assertThat(Cidrs.subnets("10.0.0.0/16", 20, 0, 3))
            .containsExactly("10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20");
    }

    @Test
    void startsAtTheRequestedIndexSoPublicSubnetsFollowPrivateOnes() {
        assertThat(Cidrs.subnets("10.0.0.0/16", 20, 8, 2)).containsExactly("10.0.128.0/20", "10.0.144.0/20");
    }

    @Test
    void matchesTerraformCidrsubnetAcrossOctetBoundaries() {
        // cidrsubnet("172.16.0.0/12", 12, 257) = "172.17.1.0/24"
        assertThat(Cidrs.subnet(Cidrs.parse("172.16.0.0/12"), 24, 257).toString()).isEqualTo("172.17.1.0/24");
        // The last /28 of a /24, whose top octet bit is set (unsigned arithmetic).
        assertThat(Cidrs.subnet(Cidrs.parse("192.168.255.0/24"), 28, 15).toString()).isEqualTo("192.168.255.240/28");
    }

    @Test
    void refusesAnIndexBeyondTheParentBlock() {
        assertThatThrownBy(() -> Cidrs.subnets("10.0.0.0/24", 26, 3, 2))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("10.0.0.0/24 holds 4 blocks of /26; index 4 is out of range");
    }

    @Test
    void refusesASmallerPrefixThanTheParent() {
        assertThatThrownBy(() -> Cidrs.subnet(Cidrs.parse("10.0.0.0/16"), 12, 0))
            .hasMessage("prefix /12 does not fit inside 10.0.0.0/16");
    }

    @Test
    void rejectsMalformedAndHostBitCidrsWithTheReason() {
        assertThatThrownBy(() -> Cidrs.parse("10.0.0/16")).hasMessageContaining("is not an IPv4 CIDR");
        assertThatThrownBy(() -> Cidrs.parse("10.0.300.0/16")).hasMessageContaining("octet above 255");
        assertThatThrownBy(() -> Cidrs.parse("10.0.0.0/33")).hasMessageContaining("prefix length above 32");
        assertThatThrownBy(() -> Cidrs.parse("10.0.0.1/16"))
            .hasMessage("'10.0.0.1/16' has host bits set; the network address is 10.0.0.0/16");
        assertThatThrownBy(() -> Cidrs.parse(null)).hasMessage("CIDR is missing");
        assertThat(Cidrs.isValid("10.20.0.0/16")).isTrue();
        assertThat(Cidrs.isValid("banana")).isFalse();
    }

    @Test
    void containmentAndCapacity() {
        Cidrs.Block vpc = Cidrs.parse("10.0.0.0/16");
        assertThat(vpc.contains(Cidrs.parse("10.0.32.0/20"))).isTrue();
        assertThat(vpc.contains(Cidrs.parse("10.1.0.0/20"))).isFalse();
        assertThat(vpc.contains(Cidrs.parse("10.0.0.0/8"))).isFalse();
        assertThat(vpc.size()).isEqualTo(65536);
        assertThat(Cidrs.capacity(16, 20)).isEqualTo(16);
        assertThat(Cidrs.capacity(20, 16)).isZero();
    }
}
