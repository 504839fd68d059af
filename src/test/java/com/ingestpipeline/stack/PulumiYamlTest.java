package com.ingestpipeline.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pulumi.yaml and the README settings table say exactly what {@link SettingsSchema} says. */
class PulumiYamlTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pulumiYamlDeclaresEverySettingWithTypeDescriptionAndDefault() throws IOException {
        JsonNode project = YAML.readTree(Path.of("Pulumi.yaml").toFile());
        assertThat(project.path("name").asText()).isEqualTo(SettingsSchema.PROJECT);
        assertThat(project.path("runtime").asText()).isEqualTo("java");
        List<String> declared = new ArrayList<>();
        project.path("config").fieldNames().forEachRemaining(declared::add);
        assertThat(declared).containsExactlyElementsOf(SettingsSchema.all().stream().map(SettingsSchema.Setting::key).toList());
        for (SettingsSchema.Setting s : SettingsSchema.all()) {
            JsonNode decl = project.path("config").path(s.key());
            assertThat(decl.path("type").asText()).as(s.key()).isEqualTo(s.type().yamlName());
            assertThat(decl.path("description").asText()).as(s.key()).isEqualTo(s.description());
            assertThat(decl.path("default").toString()).as(s.key()).isEqualTo(JSON.valueToTree(s.defaultValue()).toString());
            if (s.type() == SettingsSchema.Type.ARRAY) {
                assertThat(decl.path("items").path("type").asText()).as(s.key()).isEqualTo("string");
            }
        }
    }

    @Test
    void ciRunsExactlyTheReadmeTestCommand() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int test = readme.indexOf("**Test**");
        int start = readme.indexOf("```sh\n", test) + 6;
        String block = readme.substring(start, readme.indexOf("\n```", start));
        List<String> ciLines = Files.readAllLines(Path.of(".ci/run"));
        List<String> mavenRuns = ciLines.stream().map(String::strip)
            .filter(line -> line.startsWith("./mvnw") || line.startsWith("mvn ")).toList();
        assertThat(mavenRuns).as("the Maven runs in .ci/run").containsExactly(block.strip());
        assertThat(ciLines).contains("set -euo pipefail");
    }

    @Test
    void readmeSettingsTableListsEverySettingWithItsDefault() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int begin = readme.indexOf("<!-- settings:begin -->");
        int end = readme.indexOf("<!-- settings:end -->");
        assertThat(begin).as("README settings markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        assertThat(readme.substring(begin + "<!-- settings:begin -->".length(), end).strip())
            .isEqualTo(SettingsTable.markdown().strip());
    }
}
