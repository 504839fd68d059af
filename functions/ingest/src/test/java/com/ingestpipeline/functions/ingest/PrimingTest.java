package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Init-phase priming (SnapStart): it exercises the SDK without a network and loads the recorded first-event classes. */
class PrimingTest {
    @Test
    void sdkPrimingMakesItsCallsWithoutANetworkOrTheFunctionsEnvironment() {
        // The clients point at http://priming.invalid and have no Region or credentials from the environment: a call
        // that left the JVM, or a lookup of the default chains, would fail here.
        Priming.primeSdk();
        Priming.primeParsing();
    }

    @Test
    void everyRecordedFirstEventClassLoadsFromTheJarsClasspath() throws IOException {
        long listed;
        try (InputStream in = Priming.class.getClassLoader().getResourceAsStream(Priming.CLASS_LIST)) {
            assertThat(in).as(Priming.CLASS_LIST + " in the jar").isNotNull();
            listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        }

        int loaded = Priming.loadFirstEventClasses();

        assertThat(listed).as("classes recorded").isGreaterThan(50);
        // A few may be JDK-build specific; a dependency upgrade that renames many shows here: record the list again.
        assertThat(loaded).as("recorded classes that still exist").isGreaterThanOrEqualTo((int) (listed * 0.95));
    }
}
