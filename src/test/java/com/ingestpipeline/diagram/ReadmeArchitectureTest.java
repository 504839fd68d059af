package com.ingestpipeline.diagram;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's diagram is the one the dev stack's plan produces today. */
class ReadmeArchitectureTest {
    @Test
    void readmeDiagram_matchesTheDevStack() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        String expected = ReadmeSection.render(Renderers.mermaid(ArchitectureBuilder.from(
            ArchitectureMain.plan(Path.of("."), ArchitectureMain.README_STACK))));

        assertThat(ReadmeSection.current(readme))
            .as("README.md architecture block is stale; regenerate it with: mvn -q compile exec:java "
                + "-Dexec.mainClass=com.ingestpipeline.diagram.ArchitectureMain -Dexec.args=--update-readme")
            .contains(expected);
    }
}
