package com.ingestpipeline.provider;

import com.ingestpipeline.components.Network;
import com.pulumi.provider.internal.ComponentProvider;
import com.pulumi.provider.internal.ComponentProviderHost;
import com.pulumi.provider.internal.Metadata;

import java.io.IOException;

/**
 * Serves the components as the Pulumi package {@code ingestpipeline}, so TypeScript, Python, Go, .NET
 * and YAML programs can use them ({@code pulumi package add}). The engine starts this main with its
 * address as the only argument; see {@code provider/PulumiPlugin.yaml} and docs/package.md.
 */
public final class ProviderMain {
    /** The package name: the first part of every component token ({@code ingestpipeline:index:Network}). */
    public static final String PACKAGE = "ingestpipeline";
    public static final String VERSION = "0.1.0";

    private ProviderMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        // The host resolves a token's class as <package of Network>.<ClassName>: every component must
        // live in com.ingestpipeline.components (docs/design.md).
        new ComponentProviderHost(PACKAGE, Network.class.getPackage()).start(args);
    }

    /** The provider the host serves, for in-process schema generation and construct calls. */
    public static ComponentProvider provider() {
        return new ComponentProvider(new Metadata(PACKAGE, VERSION, "Ingest pipeline"), Network.class.getPackage());
    }
}
