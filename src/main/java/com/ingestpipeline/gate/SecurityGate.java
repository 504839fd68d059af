package com.ingestpipeline.gate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Evaluates AWS Security Hub FSBP controls over an offline plan. A stack may waive a control only by
 * naming it with a reason; waived failures are printed as WAIVED with that reason, never hidden.
 */
public final class SecurityGate {
    private final List<Rule> rules;

    public SecurityGate(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The controls this project enforces. */
    public static SecurityGate standard() {
        return new SecurityGate(Stream.of(S3Rules.all(), LambdaRules.all(), SqsRules.all(), RdsRules.all(),
                Ec2Rules.all(), IamRules.all(), AlarmRules.all(), EndpointRules.all())
            .flatMap(List::stream).toList());
    }

    /** Control id → title, for documentation and for checking waivers. */
    public Map<String, String> controls() {
        return rules.stream().collect(Collectors.toMap(Rule::control, Rule::title, (a, b) -> a,
            java.util.LinkedHashMap::new));
    }

    /**
     * Runs every rule. Fails with one message listing every problem when a waiver names an unknown
     * control or a control twice, so a typo cannot silently waive nothing, or when a production stack waives
     * a control {@link ProdControls} makes mandatory there.
     */
    public GateReport evaluate(JsonNode plan, GateContext context, List<Waiver> waivers) {
        validate(waivers, context);
        Map<String, Waiver> byControl = waivers.stream().collect(Collectors.toMap(Waiver::control, Function.identity()));
        PlanView view = PlanView.of(plan);
        List<Finding> findings = new ArrayList<>();
        Set<String> usedWaivers = new LinkedHashSet<>();
        for (Rule rule : rules) {
            for (Finding f : rule.evaluate(view, context)) {
                Waiver w = byControl.get(f.control());
                if (f.status() == Finding.Status.FAIL && w != null) {
                    usedWaivers.add(w.control());
                    findings.add(new Finding(f.control(), f.resource(), Finding.Status.WAIVED,
                        f.why() + " — waived: " + w.reason()));
                } else {
                    findings.add(f);
                }
            }
        }
        List<Waiver> unused = waivers.stream().filter(w -> !usedWaivers.contains(w.control())).toList();
        return new GateReport(context.stack(), findings, waivers, unused);
    }

    private void validate(List<Waiver> waivers, GateContext context) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> known = controls().keySet();
        for (Waiver w : waivers) {
            if (!known.contains(w.control())) {
                problems.add("unknown control '" + w.control() + "' (known: " + String.join(", ", known) + ")");
            }
            if (context.production()) {
                ProdControls.waiverProblem(w.control()).ifPresent(problems::add);
            }
            if (!seen.add(w.control())) {
                problems.add("control " + w.control() + " is waived twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("security gate waivers: " + String.join("; ", problems));
        }
    }
}
