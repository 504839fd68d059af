package com.ingestpipeline.components.internal;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

class BundledArtifactsTest {
    @Test
    void materialisesTheJarsAtAContentAddressedPath() throws Exception {
        var ingest = BundledArtifacts.ingestFunction();
        assertThat(ingest.sha256()).hasSize(64);
        assertThat(ingest.path()).endsWith(java.nio.file.Path.of(ingest.sha256(), "ingest-function.jar"));
        assertThat(Files.size(ingest.path())).isPositive();
        assertThat(BundledArtifacts.batchWorker().path().getFileName().toString()).isEqualTo("batch-worker.jar");
    }

    @Test
    void migrationsHashIsStableAndDiffersFromTheJarHash() {
        String hash = BundledArtifacts.migrationsHash();
        assertThat(hash).hasSize(64).isEqualTo(BundledArtifacts.migrationsHash());
        assertThat(hash).isNotEqualTo(BundledArtifacts.ingestFunction().sha256());
    }
}
