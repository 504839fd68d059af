package com.ingestpipeline.diagram;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's diagram and cost comparison are the ones the dev stack's plan produces today. */
class ReadmeArchitectureTest {
    @Test
    void readmeDiagramAndCost_matchTheDevStack() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        String expected = ArchitectureMain.readmeBlock(Path.of("."), ArchitectureMain.README_STACK);

        assertThat(ReadmeSection.current(readme))
            .as("README.md architecture block is stale; regenerate it with: "
                + "./mvnw -q -DskipTests compile exec:java -DmainClass=com.ingestpipeline.diagram.ArchitectureMain -DmainArgs=--update-readme")
            .contains(expected);
    }
}
