package com.ingestpipeline.stack;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SettingsSchema is the one list of stack settings: Pulumi.yaml and the README table are checked against it
 * (PulumiYamlTest), and this test checks the other side, that the reader building StackSettings reads exactly
 * the schema's keys, so a key cannot be declared and ignored, or read without being declared.
 */
class SettingsCoverageTest {
    @Test
    void theReaderReadsEverySchemaKeyAndNoOther() {
        Set<String> asked = new TreeSet<>();
        ConfigSource recording = new ConfigSource() {
            @Override
            public Optional<String> get(String namespace, String key) {
                if (SettingsSchema.PROJECT.equals(namespace)) {
                    asked.add(key);
                }
                return Optional.empty();
            }

            @Override
            public String describe() {
                return "recording source";
            }
        };
        SettingsReader.read(recording);
        Set<String> declared = new TreeSet<>();
        SettingsSchema.all().forEach(s -> declared.add(s.key()));
        assertThat(asked).isEqualTo(declared);
    }
}
