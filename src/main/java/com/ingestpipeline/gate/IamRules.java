package com.ingestpipeline.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.gate.PlanView.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** IAM.1 (no "*" action on "*" resource), IAM.21 (no "service:*" actions) and StepFunctions.1. */
final class IamRules {
    static final String POLICY = "aws:iam/policy:Policy";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    static final String ROLE = "aws:iam/role:Role";
    static final String ATTACHMENT = Ec2Rules.ATTACHMENT;
    static final String STATE_MACHINE = "aws:sfn/stateMachine:StateMachine";
    /** AWS managed policies that grant "*" on "*" (or close to it). */
    static final Set<String> ADMIN_POLICIES = Set.of("AdministratorAccess", "PowerUserAccess");

    private IamRules() {
    }

    static List<Rule> all() {
        return List.of(
            Rule.of("IAM.1", "IAM policies should not allow full \"*\" administrative privileges", IamRules::noAdmin),
            Rule.of("IAM.21", "IAM customer managed policies that you create should not allow wildcard actions for services",
                IamRules::noServiceWildcards),
            Rule.of("StepFunctions.1", "Step Functions state machines should have logging turned on", IamRules::sfnLogging));
    }

    /** Every identity policy document in the plan, keyed by a label naming its resource. */
    static Map<String, JsonNode> policies(PlanView plan) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Resource p : plan.ofType(POLICY, ROLE_POLICY)) {
            out.put(p.name(), p.at("policy"));
        }
        for (Resource role : plan.ofType(ROLE)) {
            for (JsonNode inline : role.at("inlinePolicies")) {
                if (inline.hasNonNull("policy")) {
                    out.put(role.name() + "/" + inline.path("name").asText("inline"), inline.path("policy"));
                }
            }
        }
        return out;
    }

    private static List<JsonNode> allows(JsonNode policy) {
        return PolicyDocs.statements(policy).stream().filter(s -> "Allow".equals(s.path("Effect").asText())).toList();
    }

    private static List<Finding> noAdmin(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        policies(plan).forEach((label, policy) -> {
            boolean admin = allows(policy).stream().anyMatch(s -> PolicyDocs.values(s.path("Action")).contains("*")
                && PolicyDocs.values(s.path("Resource")).contains("*"));
            out.add(Finding.of("IAM.1", label, !admin, "no \"*\" action on \"*\"", "allows \"*\" action on \"*\" resource"));
        });
        for (Resource a : plan.ofType(ATTACHMENT)) {
            String policyArn = a.str("policyArn");
            String policyName = policyArn.substring(policyArn.lastIndexOf('/') + 1);
            boolean admin = policyArn.startsWith("arn:aws:iam::aws:policy/") && ADMIN_POLICIES.contains(policyName);
            out.add(Finding.of("IAM.1", a.name(), !admin, "attaches " + policyName, "attaches " + policyName));
        }
        return out;
    }

    private static List<Finding> noServiceWildcards(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        policies(plan).forEach((label, policy) -> {
            List<String> wild = allows(policy).stream()
                .flatMap(s -> PolicyDocs.values(s.path("Action")).stream())
                .filter(a -> a.equals("*") || a.endsWith(":*"))
                .distinct().toList();
            out.add(Finding.of("IAM.21", label, wild.isEmpty(), "actions named individually",
                "wildcard actions " + String.join(", ", wild)));
        });
        return out;
    }

    private static List<Finding> sfnLogging(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource sm : plan.ofType(STATE_MACHINE)) {
            String level = sm.str("/loggingConfiguration/level");
            boolean on = Set.of("ALL", "ERROR", "FATAL").contains(level)
                && !sm.str("/loggingConfiguration/logDestination").isEmpty();
            out.add(Finding.of("StepFunctions.1", sm.name(), on, "logs at level " + level + " to CloudWatch",
                level.isEmpty() || "OFF".equals(level) ? "logging is off" : "logging has no log destination"));
        }
        return out;
    }
}
