package com.ingestpipeline.functions.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and validates environment variables, collecting every problem so a misconfigured function fails once
 * with a message that lists all of them (e.g. {@code "ingest configuration: DB_HOST is missing; MAX_OBJECT_BYTES
 * must be a whole number >= 1 (got 'ten')"}) instead of one restart per mistake.
 *
 * <p>Usage: read every variable with the typed getters (each returns a placeholder when invalid), then call
 * {@link #check(String)} once, which throws {@link ConfigException} if anything was wrong.
 */
public final class Env {
    private final Map<String, String> vars;
    private final List<String> problems = new ArrayList<>();

    private Env(Map<String, String> vars) {
        this.vars = Objects.requireNonNull(vars, "vars");
    }

    /** Variables from the process environment. */
    public static Env system() {
        return new Env(System.getenv());
    }

    /** Variables from a map (tests, or callers that merged several sources). */
    public static Env of(Map<String, String> vars) {
        return new Env(vars);
    }

    /** The value, or {@code ""} (and a recorded problem) when missing or blank. */
    public String required(String name) {
        String value = vars.get(name);
        if (value == null || value.isBlank()) {
            problems.add(name + " is missing");
            return "";
        }
        return value.trim();
    }

    /** The value, or {@code fallback} when unset or blank. */
    public String optional(String name, String fallback) {
        String value = vars.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** A whole number in {@code min..max}; 0 (and a recorded problem) otherwise. */
    public long requiredLong(String name, long min, long max) {
        String raw = required(name);
        if (raw.isEmpty()) {
            return 0;
        }
        try {
            long value = Long.parseLong(raw);
            if (value < min || value > max) {
                problems.add(name + " must be " + min + ".." + max + " (got " + value + ")");
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number " + min + ".." + max + " (got '" + raw + "')");
            return 0;
        }
    }

    /** One of {@code allowed}; the raw value (and a recorded problem) otherwise. */
    public String requiredOneOf(String name, Set<String> allowed) {
        String raw = required(name);
        if (!raw.isEmpty() && !allowed.contains(raw)) {
            problems.add(name + " must be one of " + allowed.stream().sorted().toList() + " (got '" + raw + "')");
        }
        return raw;
    }

    /** Records a problem found by the caller's own cross-field validation. */
    public void problem(String message) {
        problems.add(message);
    }

    /** Throws {@link ConfigException} listing every recorded problem, prefixed by {@code what}. */
    public void check(String what) {
        if (!problems.isEmpty()) {
            throw new ConfigException(what + ": " + String.join("; ", problems));
        }
    }
}
