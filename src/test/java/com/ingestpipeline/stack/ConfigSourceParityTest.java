package com.ingestpipeline.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.pulumi.Config;
import com.pulumi.deployment.internal.DeploymentImpl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same stack file gives equal settings whether read by the offline plan (YAML files) or by the
 * program under {@code pulumi up} (Pulumi's Config, fed the JSON the language host puts in
 * PULUMI_CONFIG). The Pulumi side gets only the stack file's own values, so equality also proves
 * the Java defaults match Pulumi.yaml's.
 */
class ConfigSourceParityTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> stacks() {
        return YamlConfigSource.stacks(Path.of("."));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void yamlFilesAndPulumiConfigGiveEqualSettings(String stack) throws IOException {
        StackSettings fromYaml = StackSettings.load(YamlConfigSource.load(Path.of("."), stack));

        String pulumiConfigEnv = JSON.writeValueAsString(cliConfig(Path.of("Pulumi." + stack + ".yaml")));
        var deploymentConfig = new DeploymentImpl.Config(DeploymentImpl.Config.parseConfig(pulumiConfigEnv),
            DeploymentImpl.Config.parseConfigSecretKeys("[]"));
        StackSettings fromPulumi = StackSettings.load(
            new PulumiConfigSource(namespace -> new Config(deploymentConfig, namespace), stack));

        assertThat(fromPulumi).isEqualTo(fromYaml);
        assertThat(fromPulumi.environment()).isEqualTo(stack.equals("prod") ? "prod" : fromYaml.environment());
    }

    /** What the CLI sends the program: every stack-file value as a string, structured values as JSON. */
    private static Map<String, String> cliConfig(Path stackFile) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = YAML.readTree(stackFile.toFile()).path("config").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().isContainerNode() ? JSON.writeValueAsString(e.getValue()) : e.getValue().asText());
        }
        return out;
    }
}
