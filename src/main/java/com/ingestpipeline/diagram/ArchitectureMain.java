package com.ingestpipeline.diagram;

import com.fasterxml.jackson.databind.JsonNode;
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
        String mermaid = Renderers.mermaid(ArchitectureBuilder.from(plan(dir, stack)));
        if (!update) {
            System.out.print(mermaid);
            return;
        }
        Path readme = dir.resolve("README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        Files.writeString(readme, ReadmeSection.replace(text, ReadmeSection.render(mermaid)), StandardCharsets.UTF_8);
        System.out.println("updated the architecture block of " + readme);
    }

    /** The preview-shaped plan of {@code Pulumi.<stack>.yaml} in {@code dir}, made in-process. */
    public static JsonNode plan(Path dir, String stack) {
        StackSettings settings = StackSettings.load(YamlConfigSource.load(dir, stack));
        PlanRunner.Plan plan = PlanRunner.run(stack, settings);
        if (!plan.succeeded()) {
            throw new IllegalStateException("plan " + stack + " failed: " + plan.errors());
        }
        return PreviewJson.of(plan, Map.of());
    }
}
