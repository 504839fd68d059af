package com.ingestpipeline.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Settings read the way the Pulumi CLI reads them, without the CLI: defaults and plain values from
 * Pulumi.yaml's {@code config:}, overridden by Pulumi.&lt;stack&gt;.yaml. Values become the strings
 * the CLI would pass to the program (arrays as JSON), so both sources parse identically.
 */
public final class YamlConfigSource implements ConfigSource {
    /** What an encrypted ({@code secure:}) value reads as: the plan has no key to decrypt it. */
    public static final String SECRET_PLACEHOLDER = "[secret]";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STACK_FILE = Pattern.compile("Pulumi\\.([A-Za-z0-9_.-]+)\\.ya?ml");

    private final Map<String, String> values;
    private final Set<String> secretKeys;
    private final String description;

    private YamlConfigSource(Map<String, String> values, Set<String> secretKeys, String description) {
        this.values = Map.copyOf(values);
        this.secretKeys = Set.copyOf(secretKeys);
        this.description = description;
    }

    /** Loads Pulumi.yaml and Pulumi.&lt;stack&gt;.yaml from a project directory. */
    public static YamlConfigSource load(Path projectDir, String stack) {
        Path projectFile = projectDir.resolve("Pulumi.yaml");
        Path stackFile = stackFile(projectDir, stack).orElseThrow(() -> new IllegalArgumentException(
            "no stack file Pulumi." + stack + ".yaml in " + projectDir.toAbsolutePath().normalize()
                + " (stacks there: " + stacks(projectDir) + ")"));
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        JsonNode project = read(projectFile);
        String projectName = project.path("name").asText(SettingsSchema.PROJECT);
        for (Iterator<Map.Entry<String, JsonNode>> it = project.path("config").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode node = e.getValue();
            JsonNode value = node.isObject() && node.has("type") ? node.get("default")
                : node.isObject() && node.has("value") ? node.get("value") : node;
            put(values, secrets, qualify(projectName, e.getKey()), value);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = read(stackFile).path("config").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            put(values, secrets, qualify(projectName, e.getKey()), e.getValue());
        }
        return new YamlConfigSource(values, secrets, stackFile.getFileName().toString());
    }

    /** Builds a source from {@code namespace:key} → value pairs already in Pulumi's string form. */
    public static YamlConfigSource of(Map<String, String> values, String description) {
        return new YamlConfigSource(values, Set.of(), description);
    }

    /** The stack names that have a Pulumi.&lt;stack&gt;.yaml in the directory, sorted. */
    public static List<String> stacks(Path projectDir) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(projectDir)) {
            files.map(p -> STACK_FILE.matcher(p.getFileName().toString()))
                .filter(Matcher::matches)
                .forEach(m -> names.add(m.group(1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + projectDir, e);
        }
        names.sort(String::compareTo);
        return names;
    }

    private static Optional<Path> stackFile(Path projectDir, String stack) {
        return Stream.of("yaml", "yml")
            .map(ext -> projectDir.resolve("Pulumi." + stack + "." + ext))
            .filter(Files::isRegularFile)
            .findFirst();
    }

    private static String qualify(String projectName, String key) {
        if (!key.contains(":")) {
            return SettingsSchema.PROJECT + ":" + key;
        }
        // The CLI treats "<project name>:key" and bare "key" alike.
        String namespace = key.substring(0, key.indexOf(':'));
        return namespace.equals(projectName) ? SettingsSchema.PROJECT + key.substring(key.indexOf(':')) : key;
    }

    private static void put(Map<String, String> values, Set<String> secrets, String key, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject() && node.has("secure")) {
            values.put(key, SECRET_PLACEHOLDER);
            secrets.add(key);
            return;
        }
        try {
            values.put(key, node.isContainerNode() ? JSON.writeValueAsString(node) : node.asText());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode config value of " + key, e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            JsonNode node = YAML.readTree(file.toFile());
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            throw new IllegalArgumentException(file.getFileName() + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> get(String namespace, String key) {
        return Optional.ofNullable(values.get(namespace + ":" + key));
    }

    @Override
    public Optional<Set<String>> projectKeys() {
        Set<String> keys = new LinkedHashSet<>();
        String prefix = SettingsSchema.PROJECT + ":";
        values.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(k -> keys.add(k.substring(prefix.length())));
        return Optional.of(keys);
    }

    @Override
    public Optional<Set<String>> allKeys() {
        return Optional.of(Set.copyOf(values.keySet()));
    }

    /** Every {@code namespace:key} → raw value, as the CLI would put it in the program's config. */
    public Map<String, String> values() {
        return values;
    }

    /** Keys whose stack-file value is encrypted. */
    public Set<String> secretKeys() {
        return secretKeys;
    }

    @Override
    public String describe() {
        return description;
    }
}
