package com.ingestpipeline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.cost.Assumptions;
import com.ingestpipeline.cost.CostEstimator;
import com.ingestpipeline.cost.CostReport;
import com.ingestpipeline.cost.PriceTable;
import com.ingestpipeline.diagram.ArchitectureBuilder;
import com.ingestpipeline.diagram.DiagramWriter;
import com.ingestpipeline.gate.GateContext;
import com.ingestpipeline.gate.GateReport;
import com.ingestpipeline.gate.SecurityGate;
import com.ingestpipeline.gate.Waiver;
import com.ingestpipeline.stack.StackSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What the offline plan runs once {@code target/plan/<stack>.json} is written: the security gate
 * (its failure fails the plan command and {@code mvn verify}), the cost estimate and the
 * architecture picture. A missing price or an unwritable diagram fails too: both are fixable input
 * errors, and a silent gap would make the printed figures wrong.
 */
public final class PlanChecks {
    private PlanChecks() {
    }

    /** Prints the gate table and the cost estimate, writes the diagram; false when anything failed. */
    public static boolean afterPlan(String stack, Path planFile, JsonNode plan, StackSettings settings) {
        return afterPlan(stack, planFile, plan, settings, System.out, DiagramWriter.withGraphviz());
    }

    static boolean afterPlan(String stack, Path planFile, JsonNode plan, StackSettings settings, PrintStream out,
                             DiagramWriter diagrams) {
        boolean ok = true;
        try {
            List<Waiver> waivers = settings.waivers().stream().map(w -> new Waiver(w.control(), w.reason())).toList();
            GateContext context = new GateContext(stack, settings.isProd() || GateContext.forStack(stack).production());
            GateReport report = SecurityGate.standard().evaluate(plan, context, waivers);
            out.print(report.table());
            ok = report.passed();
        } catch (IllegalArgumentException e) {
            out.println("security gate " + stack + ": " + e.getMessage());
            ok = false;
        }
        try {
            CostEstimator estimator = new CostEstimator(PriceTable.bundled(),
                Assumptions.defaults().withWorkerAlwaysOn(settings.worker().alwaysOn()));
            CostReport estimate = estimator.estimate(stack, plan);
            out.print(estimate.table());
            out.print(estimate.compareWith(estimator.naive("naive " + stack, plan)));
            settings.region().filter(r -> !r.equals("us-east-1")).ifPresent(r ->
                out.println("note: prices are us-east-1 list prices; " + r + " differs"));
        } catch (IllegalArgumentException e) {
            out.println("cost estimate " + stack + ": " + e.getMessage());
            ok = false;
        }
        try {
            Path dir = planFile.toAbsolutePath().getParent();
            out.println("architecture: " + diagrams.write(ArchitectureBuilder.from(plan), dir, stack).note());
        } catch (IOException | IllegalArgumentException e) {
            out.println("architecture " + stack + ": " + e.getMessage());
            ok = false;
        }
        return ok;
    }
}
