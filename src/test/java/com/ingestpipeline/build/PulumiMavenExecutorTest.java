package com.ingestpipeline.build;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The `pulumi up` path without the Pulumi CLI: the committed project is copied to a fresh folder and built there
 * with exactly the command lines Pulumi's Maven executor runs (pulumi-java
 * pkg/cmd/pulumi-language-java/main.go: `./mvnw` when present, plugin discovery with
 * {@code -DmainClass=com.pulumi.bootstrap.internal.Main -DmainArgs=packages}, then {@code compile exec:java}).
 * The copy gets a Maven local repository of its own, chained to this build's (read-only tail), so nothing it
 * builds can come from, or go to, a repository an earlier build filled.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PulumiMavenExecutorTest {
    private static FreshCopy copy;

    @BeforeAll
    static void copyCommittedProject() throws IOException {
        copy = FreshCopy.ofCommittedProject();
    }

    @Test
    @Order(1)
    void pluginDiscovery_printsExactlyOneJsonArrayNamingTheAwsPluginAtThePinnedVersion() throws Exception {
        MavenRun run = copy.mavenWithPulumiEnvironment(List.of(
                "-Dorg.slf4j.simpleLogger.logFile=System.err", "--no-transfer-progress", "compile", "exec:java",
                "-DmainClass=com.pulumi.bootstrap.internal.Main", "-DmainArgs=packages"));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        // Pulumi's language host decodes stdout strictly: one JSON value, nothing after it.
        ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        JsonNode packages = strict.readTree(run.stdout());
        assertThat(packages.isArray()).as(run.stdout()).isTrue();
        assertThat(run.stdout().strip()).as("stdout holds only the JSON array").startsWith("[").endsWith("]");
        assertThat(packages).anySatisfy(plugin -> {
            assertThat(plugin.path("name").asText()).isEqualTo("aws");
            assertThat(plugin.path("version").asText()).isEqualTo(copy.pomProperty("pulumi-aws.version"));
        });
    }

    @Test
    @Order(2)
    void compileExecJava_buildsTheFunctionsAndStartsTheStackProgram_whichStopsOnlyForWantOfTheEngine()
            throws Exception {
        MavenRun run = copy.mavenWithPulumiEnvironment(List.of("--no-transfer-progress", "compile", "exec:java"));

        String output = run.stdout() + run.stderr();
        assertThat(output).as(run.describe())
                .doesNotContain("COMPILATION ERROR")
                .doesNotContain("Could not resolve dependencies")
                .doesNotContain("Could not find artifact")
                // The SDK's own message when PULUMI_MONITOR is unset: the program was built and started.
                .contains("Program run without the Pulumi engine available");
        assertThat(copy.root().resolve("target/classes/com/ingestpipeline/stack/App.class")).isRegularFile();
        assertThat(copy.root().resolve("target/classes/com/ingestpipeline/artifacts/ingest-function.jar"))
                .isRegularFile();
        assertThat(copy.root().resolve("target/classes/com/ingestpipeline/artifacts/batch-worker.jar"))
                .isRegularFile();
    }

    @Test
    @Order(3)
    void nestedBuilds_getTheOuterBuildsFlags_andWriteNothingOfThisProjectToAnyLocalRepository() throws Exception {
        Path otherRepository = copy.root().resolveSibling("m2-flags");
        Map<Path, Long> defaultRepositoryBefore = FreshCopy.projectArtifacts(FreshCopy.defaultLocalRepository());

        // Flags on the command line (not in MAVEN_OPTS, which a child process would inherit anyway).
        MavenRun run = copy.mavenWithoutEnvironmentFlags(List.of(
                "-q", "-o", "-Dmaven.repo.local=" + otherRepository,
                "-Dmaven.repo.local.tail=" + FreshCopy.outerLocalRepository(),
                "-Dfunctions.goal=validate", "generate-resources"));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        Matcher nested = Pattern.compile("mvn-nested: \\(cd \\S+/functions && mvn ([^)]*)\\)").matcher(run.stdout() + run.stderr());
        assertThat(nested.find()).as("the nested functions build's command line in:%n%s", run.describe()).isTrue();
        List<String> nestedFlags = List.of(nested.group(1).split(" "));
        assertThat(nestedFlags).contains("-o", "-q", "-Dmaven.repo.local=" + otherRepository,
                "-Dmaven.repo.local.tail=" + FreshCopy.outerLocalRepository());

        assertThat(FreshCopy.projectArtifacts(otherRepository)).isEmpty();
        assertThat(FreshCopy.projectArtifacts(copy.localRepository())).isEmpty();
        assertThat(FreshCopy.projectArtifacts(FreshCopy.defaultLocalRepository()))
                .as("this project's artifacts in %s", FreshCopy.defaultLocalRepository())
                .isEqualTo(defaultRepositoryBefore);
    }

    /** The outcome of one Maven run in the copy. */
    record MavenRun(List<String> command, int exitCode, String stdout, String stderr) {
        String describe() {
            return String.join(" ", command) + " exited " + exitCode + "\n--- stdout (tail)\n" + tail(stdout)
                    + "\n--- stderr (tail)\n" + tail(stderr);
        }

        private static String tail(String text) {
            List<String> lines = new ArrayList<>(List.of(text.split("\n")));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
    }
}
