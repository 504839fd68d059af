package com.ingestpipeline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.stack.StackSettings;
import com.ingestpipeline.stack.YamlConfigSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline plan: runs the stack program for {@code Pulumi.<stack>.yaml} under the test engine,
 * prints the resource tree, writes {@code <out>/<stack>.json} shaped like {@code pulumi preview --json}
 * and runs {@link PlanChecks}. No AWS account or Pulumi CLI needed.
 *
 * <pre>java -cp ... com.ingestpipeline.plan.PlanMain [--dir PROJECT_DIR] [--out DIR] [--all | STACK[,STACK] ...]</pre>
 *
 * Without stacks (or with {@code --all}) it plans every {@code Pulumi.*.yaml} in the project directory. Exit codes: 0 all
 * plans written and checks passed; 1 a program error or a failed check; 2 bad arguments or invalid
 * stack config (the message names each key).
 */
public final class PlanMain {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;

    private PlanMain() {
    }

    // The engine logs a failing program with its whole command line and stack trace; the plan reports
    // the error itself, condensed. Held in a field because JUL forgets the level of an unreferenced logger.
    private static final java.util.logging.Logger ENGINE_LOG =
        java.util.logging.Logger.getLogger("com.pulumi.test.internal.PulumiTestInternal");

    public static void main(String[] args) {
        ENGINE_LOG.setUseParentHandlers(false);
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code instead of exiting, so tests can call it. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path dir = Path.of(".");
        Path outDir = null;
        List<String> stacks = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--dir") || arg.equals("--out")) && i + 1 < args.length) {
                Path value = Path.of(args[++i]);
                if (arg.equals("--dir")) {
                    dir = value;
                } else {
                    outDir = value;
                }
            } else if (arg.equals("--all")) {
                continue;
            } else if (arg.startsWith("-")) {
                err.println("plan: unknown option " + arg + "\nusage: PlanMain [--dir PROJECT_DIR] [--out DIR] [--all | STACK[,STACK] ...]");
                return INVALID;
            } else {
                // "dev,prod" as one argument: what -Dplan.stacks=dev,prod passes through Maven.
                for (String stack : arg.split(",")) {
                    if (!stack.isBlank()) {
                        stacks.add(stack.trim());
                    }
                }
            }
        }
        if (outDir == null) {
            outDir = dir.resolve("target").resolve("plan");
        }
        if (stacks.isEmpty()) {
            stacks = YamlConfigSource.stacks(dir);
            if (stacks.isEmpty()) {
                err.println("plan: no Pulumi.<stack>.yaml in " + dir.toAbsolutePath().normalize());
                return INVALID;
            }
        }
        int worst = OK;
        for (String stack : stacks) {
            worst = Math.max(worst, planOne(dir, outDir, stack, out, err));
        }
        return worst;
    }

    private static int planOne(Path dir, Path outDir, String stack, PrintStream out, PrintStream err) {
        YamlConfigSource source;
        StackSettings settings;
        try {
            source = YamlConfigSource.load(dir, stack);
            settings = StackSettings.load(source);
        } catch (IllegalArgumentException e) {
            // InvalidSettingsException lists every bad key; other cases are a missing or unreadable file.
            err.println("plan " + stack + ": " + e.getMessage());
            return INVALID;
        }
        PlanRunner.Plan plan = PlanRunner.run(stack, settings);
        if (!plan.succeeded()) {
            err.println("plan " + stack + ": the stack program failed:\n  - " + String.join("\n  - ", plan.errors()));
            return FAILED;
        }
        Path file = outDir.resolve(stack + ".json");
        JsonNode document = PreviewJson.of(plan, maskedConfig(source));
        try {
            PreviewJson.write(document, file);
        } catch (IOException e) {
            err.println("plan " + stack + ": cannot write " + file + ": " + e.getMessage());
            return FAILED;
        }
        out.println("== plan " + stack + " (" + source.describe() + ")");
        out.print(TreePrinter.render(plan));
        out.println("wrote " + file);
        boolean checksPassed = PlanChecks.afterPlan(stack, file, document, settings);
        if (!checksPassed) {
            err.println("plan " + stack + ": checks failed (see above)");
            return FAILED;
        }
        return OK;
    }

    private static Map<String, String> maskedConfig(YamlConfigSource source) {
        Map<String, String> config = new LinkedHashMap<>(source.values());
        source.secretKeys().forEach(k -> config.put(k, PreviewJson.SECRET));
        return config;
    }
}
