package com.ingestpipeline.diagram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The architecture picture as data: the components, the AWS resources worth drawing inside each, and
 * the data-flow edges between them. Sorted, so the same plan always renders the same text.
 */
public record Architecture(List<Group> groups, List<Edge> edges) {
    /** What a node is; decides its shape and icon-free label prefix. */
    public enum Kind {
        BUCKET("S3"), FUNCTION("Lambda"), DATABASE("RDS PostgreSQL"), PROXY("RDS Proxy"), STATE_MACHINE("Step Functions"),
        ACTIVITY("SFN activity"), INSTANCE("EC2"), VOLUME("EBS"), VPC("VPC"), ENDPOINTS("VPC endpoints"), KEY("KMS"),
        SECRET("Secrets Manager"), RULE("EventBridge rule");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** A drawn resource; {@code id} is safe for Mermaid and DOT, {@code detail} a short second line. */
    public record Node(String id, Kind kind, String name, String detail) {
    }

    /** A component (or "stack" for resources outside any component) and its nodes. */
    public record Group(String id, String title, List<Node> nodes) {
    }

    /** A data-flow edge. */
    public record Edge(String from, String to, String label) {
    }

    public Architecture {
        groups = groups.stream().sorted(Comparator.comparing(Group::title)).map(g -> new Group(g.id(), g.title(),
            g.nodes().stream().sorted(Comparator.comparing((Node n) -> n.kind().ordinal()).thenComparing(Node::id))
                .toList())).toList();
        edges = List.copyOf(new TreeSet<>(edges.stream().map(e -> e.from() + "\u0000" + e.to() + "\u0000" + e.label())
            .toList())).stream().map(s -> s.split("\u0000", -1)).map(p -> new Edge(p[0], p[1], p[2])).toList();
    }

    public Optional<Node> node(String id) {
        return groups.stream().flatMap(g -> g.nodes().stream()).filter(n -> n.id().equals(id)).findFirst();
    }

    public List<Node> nodes() {
        List<Node> out = new ArrayList<>();
        groups.forEach(g -> out.addAll(g.nodes()));
        return out;
    }

    /** Edges grouped by label, for tests and summaries: "from -> to" strings per label. */
    public Map<String, List<String>> edgesByLabel() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        edges.forEach(e -> out.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e.from() + " -> " + e.to()));
        return out;
    }
}
