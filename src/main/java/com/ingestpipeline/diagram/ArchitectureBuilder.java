package com.ingestpipeline.diagram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.diagram.Architecture.Edge;
import com.ingestpipeline.diagram.Architecture.Group;
import com.ingestpipeline.diagram.Architecture.Kind;
import com.ingestpipeline.diagram.Architecture.Node;
import com.ingestpipeline.gate.PlanView;
import com.ingestpipeline.gate.PlanView.Resource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Derives the picture from the plan rather than drawing it by hand: nodes are the resources that
 * carry data, edges come from what wires them together (the bucket notification, the state machine's
 * task states, the IAM grants of each role, the database's security group rules, volume attachments).
 */
public final class ArchitectureBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Kind> KINDS = Map.ofEntries(
        Map.entry("aws:s3/bucketV2:BucketV2", Kind.BUCKET), Map.entry("aws:lambda/function:Function", Kind.FUNCTION),
        Map.entry("aws:rds/instance:Instance", Kind.DATABASE), Map.entry("aws:rds/proxy:Proxy", Kind.PROXY),
        Map.entry("aws:sfn/stateMachine:StateMachine", Kind.STATE_MACHINE), Map.entry("aws:sfn/activity:Activity", Kind.ACTIVITY),
        Map.entry("aws:ec2/instance:Instance", Kind.INSTANCE), Map.entry("aws:ebs/volume:Volume", Kind.VOLUME),
        Map.entry("aws:ec2/vpc:Vpc", Kind.VPC), Map.entry("aws:kms/key:Key", Kind.KEY),
        Map.entry("aws:secretsmanager/secret:Secret", Kind.SECRET),
        Map.entry("aws:cloudwatch/eventRule:EventRule", Kind.RULE));
    private static final String ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    /** IAM action → edge direction and label: true when data flows from the resource to the caller. */
    private static final Map<String, Map.Entry<Boolean, String>> ACTIONS = Map.of(
        "s3:GetObject", Map.entry(true, "read object"), "s3:PutObject", Map.entry(false, "write results"),
        "states:GetActivityTask", Map.entry(true, "poll task"), "states:StartExecution", Map.entry(false, "start execution"),
        "lambda:InvokeFunction", Map.entry(false, "invoke"), "ec2:StartInstances", Map.entry(false, "start"));

    private final PlanView plan;
    private final Map<String, Resource> drawn = new LinkedHashMap<>();
    private final Map<String, String> edges = new LinkedHashMap<>();

    private ArchitectureBuilder(PlanView plan) {
        this.plan = plan;
    }

    public static Architecture from(JsonNode planJson) {
        return new ArchitectureBuilder(PlanView.of(planJson)).build();
    }

    private Architecture build() {
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<String, List<String>> endpoints = new LinkedHashMap<>();
        for (Resource r : plan.all()) {
            Resource component = componentOf(r);
            String groupId = component == null ? "g_stack" : "g_" + safe(component.name());
            String title = component == null ? "stack" : shortType(component.type()) + " " + component.name();
            Group group = groups.computeIfAbsent(groupId, k -> new Group(groupId, title, new ArrayList<>()));
            Kind kind = KINDS.get(r.type());
            if (kind != null) {
                drawn.put(id(r), r);
                group.nodes().add(new Node(id(r), kind, r.physicalName(), detail(kind, r)));
            } else if (ENDPOINT.equals(r.type())) {
                String service = r.str("serviceName");
                endpoints.computeIfAbsent(groupId, k -> new ArrayList<>()).add(service.substring(service.lastIndexOf('.') + 1)
                    + ("Gateway".equals(r.str("vpcEndpointType")) ? " (gateway)" : ""));
            }
        }
        endpoints.forEach((groupId, services) -> groups.get(groupId).nodes().add(new Node(groupId + "_endpoints",
            Kind.ENDPOINTS, String.join(", ", services.stream().sorted().toList()), "")));
        notificationEdges();
        eventRuleEdges(groups);
        stateMachineEdges();
        iamEdges();
        databaseEdges();
        volumeEdges();
        List<Edge> out = new ArrayList<>();
        edges.forEach((key, label) -> {
            String[] ends = key.split(" ");
            out.add(new Edge(ends[0], ends[1], label));
        });
        return new Architecture(groups.values().stream().filter(g -> !g.nodes().isEmpty()).toList(), out);
    }

    private void edge(Resource from, Resource to, String label) {
        if (from != null && to != null && !from.equals(to)) {
            edges.putIfAbsent(id(from) + " " + id(to), label);
        }
    }

    /** The drawn resource a reference points at; S3 object ARNs resolve to their bucket. */
    private Optional<Resource> drawnRef(String ref) {
        String normalized = ref.startsWith("arn:aws:s3:::") ? ref.replaceAll("^(arn:aws:s3:::[^/]+)/.*$", "$1") : ref;
        return drawn.values().stream().filter(r -> r.isReferencedBy(normalized)).findFirst();
    }

    private void notificationEdges() {
        for (Resource n : plan.ofType("aws:s3/bucketNotification:BucketNotification")) {
            Resource bucket = drawnRef(n.str("bucket")).orElse(null);
            for (JsonNode f : n.at("lambdaFunctions")) {
                edge(bucket, drawnRef(f.path("lambdaFunctionArn").asText()).orElse(null), "object created");
            }
        }
    }

    /**
     * S3 → rule → function for EventBridge delivery: the bucket the rule's pattern names (drawn as an existing bucket
     * in the rule's group when the stack adopts it rather than creating it) and the function its target invokes.
     */
    private void eventRuleEdges(Map<String, Group> groups) {
        for (Resource rule : plan.ofType("aws:cloudwatch/eventRule:EventRule")) {
            JsonNode pattern;
            try {
                pattern = JSON.readTree(rule.str("eventPattern").isEmpty() ? "{}" : rule.str("eventPattern"));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("event rule " + rule.name() + ": eventPattern is not JSON", e);
            }
            String ruleId = id(rule);
            for (JsonNode name : pattern.at("/detail/bucket/name")) {
                Optional<Resource> bucket = drawnRef(name.asText());
                String from = bucket.map(ArchitectureBuilder::id).orElseGet(() -> {
                    String external = "n_existing_bucket_" + safe(name.asText());
                    Group group = groups.values().stream().filter(g -> g.nodes().stream()
                        .anyMatch(n -> n.id().equals(ruleId))).findFirst().orElseThrow();
                    if (group.nodes().stream().noneMatch(n -> n.id().equals(external))) {
                        group.nodes().add(0, new Node(external, Kind.BUCKET, name.asText(), "existing bucket"));
                    }
                    return external;
                });
                edges.putIfAbsent(from + " " + ruleId, "object created");
            }
            for (Resource target : plan.ofType("aws:cloudwatch/eventTarget:EventTarget")) {
                if (rule.isReferencedBy(target.str("rule"))) {
                    edge(rule, drawnRef(target.str("arn")).orElse(null), "invoke");
                }
            }
        }
    }

    private void stateMachineEdges() {
        for (Resource sm : plan.ofType("aws:sfn/stateMachine:StateMachine")) {
            JsonNode definition = sm.at("definition");
            try {
                definition = definition.isTextual() ? JSON.readTree(definition.asText()) : definition;
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("state machine " + sm.name() + ": definition is not JSON", e);
            }
            stateEdges(sm, definition.path("States"));
        }
    }

    /** Edges from a state machine to what its states call; a Map's item processor and S3 reader/writer count too. */
    private void stateEdges(Resource sm, JsonNode states) {
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> state = it.next();
            List<String> refs = new ArrayList<>();
            strings(state.getValue().path("Resource"), refs);
            strings(state.getValue().path("Parameters"), refs);
            strings(state.getValue().path("Arguments"), refs);
            strings(state.getValue().path("ItemReader").path("Parameters"), refs);
            strings(state.getValue().path("ResultWriter").path("Parameters"), refs);
            refs.forEach(ref -> drawnRef(ref).ifPresent(target -> edge(sm, target, state.getKey())));
            stateEdges(sm, state.getValue().path("ItemProcessor").path("States"));
        }
    }

    private void iamEdges() {
        for (Resource compute : drawn.values()) {
            String roleRef = compute.type().equals("aws:lambda/function:Function") ? compute.str("role")
                : plan.resolve(compute.str("iamInstanceProfile"), "aws:iam/instanceProfile:InstanceProfile")
                    .map(p -> p.str("role")).orElse("");
            Optional<Resource> role = plan.resolve(roleRef, "aws:iam/role:Role");
            if (roleRef.isEmpty() || role.isEmpty()) {
                continue;
            }
            for (JsonNode statement : statementsOf(role.get())) {
                if (!"Allow".equals(statement.path("Effect").asText())) {
                    continue;
                }
                List<String> actions = new ArrayList<>();
                List<String> resources = new ArrayList<>();
                strings(statement.path("Action"), actions);
                strings(statement.path("Resource"), resources);
                for (String action : actions) {
                    Map.Entry<Boolean, String> meaning = ACTIONS.get(action);
                    if (meaning == null) {
                        continue;
                    }
                    resources.forEach(ref -> drawnRef(ref).ifPresent(target -> {
                        if (meaning.getKey()) {
                            edge(target, compute, meaning.getValue());
                        } else {
                            edge(compute, target, meaning.getValue());
                        }
                    }));
                }
            }
        }
    }

    private List<JsonNode> statementsOf(Resource role) {
        List<JsonNode> docs = new ArrayList<>();
        role.at("inlinePolicies").forEach(p -> docs.add(p.path("policy")));
        for (Resource rp : plan.ofType("aws:iam/rolePolicy:RolePolicy")) {
            if (role.isReferencedBy(rp.str("role"))) {
                docs.add(rp.at("policy"));
            }
        }
        for (Resource a : plan.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
            if (role.isReferencedBy(a.str("role"))) {
                plan.resolve(a.str("policyArn"), "aws:iam/policy:Policy").ifPresent(p -> docs.add(p.at("policy")));
            }
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode doc : docs) {
            try {
                JsonNode parsed = doc.isTextual() ? JSON.readTree(doc.asText()) : doc;
                JsonNode st = parsed.path("Statement");
                if (st.isArray()) {
                    st.forEach(out::add);
                } else if (st.isObject()) {
                    out.add(st);
                }
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("role " + role.name() + ": a policy is not JSON", e);
            }
        }
        return out;
    }

    private void databaseEdges() {
        for (Resource rule : plan.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) {
            String target = rule.str("securityGroupId");
            String source = rule.str("referencedSecurityGroupId");
            if (source.isEmpty()) {
                continue;
            }
            Optional<Resource> db = drawn.values().stream().filter(r -> r.strings("vpcSecurityGroupIds").contains(target)
                && (r.type().startsWith("aws:rds/"))).findFirst();
            Optional<Resource> client = drawn.values().stream().filter(r -> r.strings("/vpcConfig/securityGroupIds")
                .contains(source) || r.strings("vpcSecurityGroupIds").contains(source)).findFirst();
            if (db.isPresent() && client.isPresent()) {
                edge(client.get(), db.get(), "SQL :" + (int) rule.num("fromPort", 5432));
            }
        }
    }

    private void volumeEdges() {
        for (Resource a : plan.ofType("aws:ec2/volumeAttachment:VolumeAttachment")) {
            edge(drawnRef(a.str("instanceId")).orElse(null), drawnRef(a.str("volumeId")).orElse(null), "work dir");
        }
    }

    private Resource componentOf(Resource r) {
        Optional<Resource> parent = plan.byUrn(r.parentUrn());
        while (parent.isPresent()) {
            Resource p = parent.get();
            if (!p.custom() && !p.type().startsWith("pulumi:pulumi:Stack")) {
                return p;
            }
            parent = plan.byUrn(p.parentUrn());
        }
        return null;
    }

    private static void strings(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            node.forEach(child -> strings(child, out));
        }
    }

    private static String detail(Kind kind, Resource r) {
        return switch (kind) {
            case FUNCTION -> r.str("runtime") + " " + (int) r.num("memorySize", 128) + " MB";
            case DATABASE -> r.str("instanceClass") + (r.bool("multiAz", false) ? " Multi-AZ" : "");
            case INSTANCE -> r.str("instanceType");
            case VOLUME -> (int) r.num("size", 0) + " GB " + (r.str("type").isEmpty() ? "gp3" : r.str("type"));
            case VPC -> r.str("cidrBlock");
            case RULE -> "default bus";
            default -> "";
        };
    }

    private static String shortType(String type) {
        return type.substring(type.lastIndexOf(':') + 1);
    }

    static String id(Resource r) {
        return "n_" + safe(r.type().substring(r.type().indexOf(':') + 1, r.type().lastIndexOf(':')) + "_" + r.name());
    }

    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
