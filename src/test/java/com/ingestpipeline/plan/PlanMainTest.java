package com.ingestpipeline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PlanMainTest {
    @TempDir
    Path project;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int plan(String... args) {
        return PlanMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void projectWithStack(String stack, String stackYaml) throws IOException {
        Files.copy(Path.of("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.writeString(project.resolve("Pulumi." + stack + ".yaml"), stackYaml);
    }

    @Test
    void anInvalidStackFileExitsNonZeroNamingEveryBadKey() throws IOException {
        projectWithStack("bad", "config:\n  ingest-pipeline:workerVolumeSizeGb: 0\n  ingest-pipeline:vpcCidr: 10.0.0.0/33\n");
        int code = plan("--dir", project.toString(), "bad");
        assertThat(code).isEqualTo(PlanMain.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8))
            .contains("plan bad: Invalid stack settings in Pulumi.bad.yaml (2 problems)")
            .contains("ingest-pipeline:workerVolumeSizeGb: must be 1..16384 (got 0)")
            .contains("ingest-pipeline:vpcCidr: must be an IPv4 CIDR");
        assertThat(project.resolve("target/plan/bad.json")).doesNotExist();
    }

    @Test
    void aProdStackFileGivenByName_reportsEveryProdRuleAndTheMisspeltNamespaceInOneRun() throws IOException {
        projectWithStack("audit", "config:\n  ingest-pipeline:environment: prod\n"
            + "  ingest-pipeline:dbMultiAz: false\n  ingest-pipeline:dbDeletionProtection: false\n"
            + "  ingest-pipline:lambdaMemoryMb: 512\n"
            + "  ingest-pipeline:securityGateWaivers:\n    - \"RDS.5: single AZ is cheaper\"\n");
        int code = plan("--dir", project.toString(), "audit");
        assertThat(code).isEqualTo(PlanMain.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8))
            .contains("plan audit: Invalid stack settings in Pulumi.audit.yaml (4 problems)")
            .contains("ingest-pipline:lambdaMemoryMb: unknown namespace 'ingest-pipline' (did you mean ingest-pipeline:lambdaMemoryMb?)")
            .contains("ingest-pipeline:dbMultiAz: must be true when environment is prod (RDS.5)")
            .contains("ingest-pipeline:dbDeletionProtection: must be true when environment is prod (RDS.8)")
            .contains("ingest-pipeline:securityGateWaivers: RDS.5 is mandatory in prod and cannot be waived");
    }

    @Test
    void aMissingStackFileIsAnErrorListingTheStacksThatExist() throws IOException {
        projectWithStack("dev", "config:\n  ingest-pipeline:environment: dev\n");
        assertThat(plan("--dir", project.toString(), "staging")).isEqualTo(PlanMain.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no stack file Pulumi.staging.yaml").contains("[dev]");
    }

    @Test
    void aValidStackWritesThePreviewShapedPlanAndPrintsTheTree() throws IOException {
        projectWithStack("dev", "config:\n  aws:region: us-east-1\n  ingest-pipeline:environment: dev\n");
        Path outDir = project.resolve("out");
        int code = plan("--dir", project.toString(), "--out", outDir.toString());
        JsonNode plan = PreviewJson.read(outDir.resolve("dev.json"));
        assertThat(plan.get("steps").get(0).get("newState").get("type").asText()).isEqualTo("pulumi:pulumi:Stack");
        assertThat(plan.get("changeSummary").get("create").asInt()).isEqualTo(plan.get("steps").size());
        assertThat(plan.get("config").get("aws:region").asText()).isEqualTo("us-east-1");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("== plan dev (Pulumi.dev.yaml)")
            .contains("pulumi:pulumi:Stack  ingest-pipeline-dev");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isIn(PlanMain.OK, PlanMain.FAILED);
    }

    @Test
    void encryptedValuesAreMaskedInThePlanConfig() throws IOException {
        projectWithStack("dev", "config:\n  ingest-pipeline:environment: dev\n  aws:secretKey:\n    secure: v1:abcdef==\n");
        plan("--dir", project.toString(), "--out", project.resolve("out").toString());
        JsonNode plan = PreviewJson.read(project.resolve("out/dev.json"));
        assertThat(plan.get("config").get("aws:secretKey").asText()).isEqualTo("[secret]");
        assertThat(plan.toString()).doesNotContain("v1:abcdef");
    }

    @Test
    void theCommandItselfExitsNonZeroOnInvalidConfig() throws IOException, InterruptedException {
        projectWithStack("bad", "config:\n  ingest-pipeline:workerInstanceType: q9.large\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(),
            "-cp", System.getProperty("java.class.path"), PlanMain.class.getName(), "--dir", project.toString()))
            .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(PlanMain.INVALID);
        assertThat(output).contains("ingest-pipeline:workerInstanceType: unknown instance type family 'q9'");
    }
}
