package com.ingestpipeline.stack;

import com.pulumi.Config;
import com.pulumi.Context;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Settings as the Pulumi engine passes them to the program under {@code pulumi up}/{@code preview}. */
public final class PulumiConfigSource implements ConfigSource {
    private final Function<String, Config> configForNamespace;
    private final String stack;

    /** Reads the running program's config. */
    public PulumiConfigSource(Context ctx) {
        this(ctx::config, ctx.stackName());
    }

    /** Reads from a Config per namespace; tests pass Configs built from a map. */
    public PulumiConfigSource(Function<String, Config> configForNamespace, String stack) {
        this.configForNamespace = Objects.requireNonNull(configForNamespace);
        this.stack = Objects.requireNonNull(stack);
    }

    @Override
    public Optional<String> get(String namespace, String key) {
        return configForNamespace.apply(namespace).get(key);
    }

    @Override
    public String describe() {
        return "config of stack " + stack;
    }
}
