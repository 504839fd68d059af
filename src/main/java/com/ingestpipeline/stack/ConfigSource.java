package com.ingestpipeline.stack;

import java.util.Optional;
import java.util.Set;

/**
 * Where raw stack settings come from: Pulumi's {@code Config} under {@code pulumi up}, or the
 * Pulumi.yaml / Pulumi.&lt;stack&gt;.yaml files for the offline plan. Values are the strings Pulumi
 * hands a program: scalars as written, arrays as JSON.
 */
public interface ConfigSource {
    /** The raw value of {@code namespace:key}, if set (project defaults included). */
    Optional<String> get(String namespace, String key);

    /** The raw value of a key in the project namespace. */
    default Optional<String> get(String key) {
        return get(SettingsSchema.PROJECT, key);
    }

    /**
     * Every project-namespace key the source has a value for, so typos can be reported; empty when
     * the source cannot list its keys (Pulumi's Config cannot).
     */
    default Optional<Set<String>> projectKeys() {
        return Optional.empty();
    }

    /**
     * Every {@code namespace:key} the source has a value for, so keys under a misspelt namespace can be reported;
     * empty when the source cannot list its keys.
     */
    default Optional<Set<String>> allKeys() {
        return Optional.empty();
    }

    /** Where the values come from, for error messages (e.g. {@code Pulumi.dev.yaml}). */
    String describe();
}
