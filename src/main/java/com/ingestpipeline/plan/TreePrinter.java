package com.ingestpipeline.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The plan as a tree (component → children) with each resource's type, name and the few inputs
 * a reviewer looks at first, e.g.
 * <pre>
 * pulumi:pulumi:Stack  ingest-pipeline-dev
 * └─ ingestpipeline:index:Network  dev-network
 *    └─ aws:ec2/vpc:Vpc  dev-network-vpc  cidrBlock=10.20.0.0/16
 * </pre>
 */
public final class TreePrinter {
    // The inputs that say most about a resource, in display order; the first few present are shown.
    private static final List<String> TELLING_INPUTS = List.of(
        "cidrBlock", "availabilityZone", "serviceName", "vpcEndpointType", "instanceType", "instanceClass",
        "engine", "engineVersion", "multiAz", "allocatedStorage", "deletionProtection", "runtime", "handler",
        "memorySize", "timeout", "architectures", "reservedConcurrentExecutions", "size", "type", "iops",
        "throughput", "encrypted", "bucket", "retentionInDays", "fromPort", "ipProtocol", "events",
        "managedPolicyArns", "policyArn", "storageEncrypted", "definition");
    private static final int MAX_SHOWN = 4;
    private static final int MAX_VALUE = 48;

    private TreePrinter() {
    }

    /** The tree as text, one resource per line. */
    public static String render(PlanRunner.Plan plan) {
        Map<String, List<PlanRunner.PlannedResource>> children = new LinkedHashMap<>();
        for (PlanRunner.PlannedResource r : plan.resources()) {
            children.computeIfAbsent(r.parentUrn(), k -> new ArrayList<>()).add(r);
        }
        StringBuilder out = new StringBuilder();
        out.append(PlanRunner.STACK_TYPE).append("  ").append(plan.stackUrn().substring(plan.stackUrn().lastIndexOf("::") + 2))
            .append('\n');
        appendChildren(out, children, plan.stackUrn(), "");
        out.append(plan.resources().size() + 1).append(" resources to create\n");
        return out.toString();
    }

    private static void appendChildren(StringBuilder out, Map<String, List<PlanRunner.PlannedResource>> children,
                                       String parentUrn, String indent) {
        List<PlanRunner.PlannedResource> kids = children.getOrDefault(parentUrn, List.of());
        for (int i = 0; i < kids.size(); i++) {
            PlanRunner.PlannedResource r = kids.get(i);
            boolean last = i == kids.size() - 1;
            out.append(indent).append(last ? "└─ " : "├─ ").append(r.type()).append("  ").append(r.name());
            String telling = telling(r);
            if (!telling.isEmpty()) {
                out.append("  ").append(telling);
            }
            out.append('\n');
            appendChildren(out, children, r.urn(), indent + (last ? "   " : "│  "));
        }
    }

    /** The first few telling inputs of a resource as {@code key=value}, secrets masked. */
    static String telling(PlanRunner.PlannedResource r) {
        StringJoiner shown = new StringJoiner(" ");
        int count = 0;
        for (String key : TELLING_INPUTS) {
            Object value = r.inputs().get(key);
            if (value == null || count == MAX_SHOWN) {
                continue;
            }
            String text = r.secretInputs().contains(key) ? PreviewJson.SECRET : PreviewJson.toJson(value).toString();
            text = text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
            shown.add(key + "=" + (text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE - 1) + "…" : text));
            count++;
        }
        return shown.toString();
    }
}
