package com.ingestpipeline.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.gate.PlanView.Resource;

import java.util.ArrayList;
import java.util.List;

/**
 * VPCE.1 (this project's rule; FSBP has none): every VPC endpoint has a policy that is a data perimeter. Without
 * one, AWS attaches a default that lets any principal reach any resource of the service: credentials of another
 * account could use the VPC's endpoints, and the S3 gateway endpoint reaches every bucket in the world.
 */
final class EndpointRules {
    static final String ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    static final String ENDPOINT_POLICY = "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy";

    private EndpointRules() {
    }

    static List<Rule> all() {
        return List.of(Rule.of("VPCE.1", "VPC endpoints should have a policy limiting principals (interface) or "
            + "buckets (S3 gateway)", EndpointRules::perimeter));
    }

    private static List<Finding> perimeter(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource endpoint : plan.ofType(ENDPOINT)) {
            JsonNode policy = endpoint.at("policy");
            for (Resource p : plan.ofType(ENDPOINT_POLICY)) {
                if (endpoint.isReferencedBy(p.str("vpcEndpointId"))) {
                    policy = p.at("policy");
                }
            }
            if (policy.isMissingNode() || policy.asText().isEmpty() && !policy.isObject()) {
                out.add(Finding.fail("VPCE.1", endpoint.name(),
                    "no endpoint policy: AWS's default lets any principal reach any resource of the service"));
                continue;
            }
            boolean gateway = "Gateway".equalsIgnoreCase(endpoint.str("vpcEndpointType"));
            List<String> open = new ArrayList<>();
            for (JsonNode st : PolicyDocs.statements(policy)) {
                if (!"Allow".equals(st.path("Effect").asText())) {
                    continue;
                }
                String sid = st.path("Sid").asText("(no Sid)");
                if (gateway && PolicyDocs.values(st.path("Resource")).stream().anyMatch(r -> r.equals("*")
                        || r.endsWith(":::*") || r.endsWith(":::*/*"))) {
                    open.add(sid + " allows every bucket");
                }
                if (!gateway && st.path("Condition").path("StringEquals").path("aws:PrincipalAccount").isMissingNode()
                        && st.path("Condition").path("StringEquals").path("aws:PrincipalOrgID").isMissingNode()) {
                    open.add(sid + " does not require aws:PrincipalAccount");
                }
            }
            out.add(Finding.of("VPCE.1", endpoint.name(), open.isEmpty(),
                gateway ? "named buckets only" : "principals of the account only (aws:PrincipalAccount)",
                String.join("; ", open)));
        }
        return out;
    }
}
