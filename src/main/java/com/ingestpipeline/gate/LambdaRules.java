package com.ingestpipeline.gate;

import com.ingestpipeline.gate.PlanView.Resource;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Lambda.1, Lambda.2, Lambda.5. */
final class LambdaRules {
    static final String FUNCTION = "aws:lambda/function:Function";
    static final String PERMISSION = "aws:lambda/permission:Permission";
    static final String SUBNET = "aws:ec2/subnet:Subnet";
    /** Runtimes AWS has not deprecated (Lambda runtimes page, checked 2025-11). */
    static final Set<String> SUPPORTED_RUNTIMES = Set.of("java21", "java17", "java11", "java8.al2",
        "nodejs22.x", "nodejs20.x", "python3.13", "python3.12", "python3.11", "python3.10", "python3.9",
        "dotnet8", "ruby3.4", "ruby3.3", "provided.al2023", "provided.al2");

    private LambdaRules() {
    }

    static List<Rule> all() {
        return List.of(
            Rule.of("Lambda.1", "Lambda function policies should prohibit public access", LambdaRules::noPublicPolicy),
            Rule.of("Lambda.2", "Lambda functions should use supported runtimes", LambdaRules::supportedRuntime),
            Rule.of("Lambda.5", "VPC Lambda functions should operate in multiple Availability Zones", LambdaRules::multiAz));
    }

    private static List<Finding> noPublicPolicy(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource p : plan.ofType(PERMISSION)) {
            String principal = p.str("principal");
            boolean scoped = !p.str("sourceArn").isEmpty() || !p.str("sourceAccount").isEmpty();
            if ("*".equals(principal)) {
                out.add(Finding.fail("Lambda.1", p.name(), "principal '*' lets anyone invoke " + p.str("function")));
            } else if (principal.endsWith(".amazonaws.com") && !scoped) {
                // A service principal without SourceArn/SourceAccount lets any account's resource of that service invoke it.
                out.add(Finding.fail("Lambda.1", p.name(), "service principal " + principal
                    + " without sourceArn or sourceAccount (confused deputy)"));
            } else {
                out.add(Finding.pass("Lambda.1", p.name(), "principal " + principal
                    + (scoped ? " scoped to its source" : "")));
            }
        }
        return out;
    }

    private static List<Finding> supportedRuntime(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource f : plan.ofType(FUNCTION)) {
            if ("Image".equals(f.str("packageType"))) {
                continue;
            }
            String runtime = f.str("runtime");
            out.add(Finding.of("Lambda.2", f.name(), SUPPORTED_RUNTIMES.contains(runtime), "runtime " + runtime,
                runtime.isEmpty() ? "no runtime set" : "runtime " + runtime + " is deprecated or unknown"));
        }
        return out;
    }

    private static List<Finding> multiAz(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource f : plan.ofType(FUNCTION)) {
            List<String> subnets = f.strings("/vpcConfig/subnetIds");
            if (subnets.isEmpty()) {
                continue;
            }
            out.add(spansAzs("Lambda.5", f.name(), plan, subnets));
        }
        return out;
    }

    /** PASS when the subnets lie in two or more AZs; CHECK when they are not in the plan to tell. */
    static Finding spansAzs(String control, String resource, PlanView plan, List<String> subnetIds) {
        Set<String> azs = new LinkedHashSet<>();
        int unresolved = 0;
        for (String id : new LinkedHashSet<>(subnetIds)) {
            Optional<Resource> subnet = plan.resolve(id, SUBNET);
            String az = subnet.map(s -> s.str("availabilityZone")).orElse("");
            if (az.isEmpty()) {
                unresolved++;
            } else {
                azs.add(az);
            }
        }
        if (azs.size() >= 2) {
            return Finding.pass(control, resource, "subnets in " + String.join(", ", azs));
        }
        if (unresolved > 0 && azs.size() + unresolved >= 2) {
            return Finding.check(control, resource, unresolved + " subnet(s) not in this plan; confirm they span 2+ AZs");
        }
        return Finding.fail(control, resource, "subnets span " + (azs.size() + unresolved) + " AZ (need 2+)");
    }
}
