package com.ingestpipeline.diagram;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.cost.Assumptions;
import com.ingestpipeline.cost.CostEstimator;
import com.ingestpipeline.cost.PriceTable;
import com.ingestpipeline.plan.PlanRunner;
import com.ingestpipeline.plan.PreviewJson;
import com.ingestpipeline.stack.StackSettings;
import com.ingestpipeline.stack.YamlConfigSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Plans a stack offline and prints its Mermaid diagram, or with {@code --update-readme} rewrites the
 * README block between the architecture markers (the test that keeps it current names this command).
 *
 * <pre>java -cp ... com.ingestpipeline.diagram.ArchitectureMain [--dir PROJECT_DIR] [--update-readme] [STACK]</pre>
 */
public final class ArchitectureMain {
    /** The stack whose picture the README shows. */
    public static final String README_STACK = "dev";

    private ArchitectureMain() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(".");
        boolean update = false;
        String stack = README_STACK;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--update-readme" -> update = true;
                default -> stack = args[i];
            }
        }
        String block = readmeBlock(dir, stack);
        if (!update) {
            System.out.print(block);
            return;
        }
        Path readme = dir.resolve("README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        Files.writeString(readme, ReadmeSection.replace(text, block), StandardCharsets.UTF_8);
        System.out.println("updated the architecture block of " + readme);
    }

    /** The README block for a stack: its diagram and its cost beside the naive layout. */
    public static String readmeBlock(Path dir, String stack) {
        StackSettings settings = StackSettings.load(YamlConfigSource.load(dir, stack));
        JsonNode plan = plan(stack, settings);
        CostEstimator estimator = new CostEstimator(PriceTable.bundled(),
            Assumptions.defaults().withWorkerAlwaysOn(settings.worker().alwaysOn()));
        String cost = "**Cost** (estimate from the plan, us-east-1 list prices): "
            + estimator.estimate(stack + " stack", plan).compareWith(estimator.naive("naive", plan)).strip()
            + ". The naive layout is the same stack with a NAT gateway per AZ instead of VPC endpoints and an "
            + "always-on worker; details in [docs/cost.md](docs/cost.md).";
        return ReadmeSection.render(Renderers.mermaid(ArchitectureBuilder.from(plan)), cost);
    }

    /** The preview-shaped plan of {@code Pulumi.<stack>.yaml} in {@code dir}, made in-process. */
    public static JsonNode plan(Path dir, String stack) {
        return plan(stack, StackSettings.load(YamlConfigSource.load(dir, stack)));
    }

    private static JsonNode plan(String stack, StackSettings settings) {
        PlanRunner.Plan plan = PlanRunner.run(stack, settings);
        if (!plan.succeeded()) {
            throw new IllegalStateException("plan " + stack + " failed: " + plan.errors());
        }
        return PreviewJson.of(plan, Map.of());
    }
}
