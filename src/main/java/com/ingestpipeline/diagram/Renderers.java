package com.ingestpipeline.diagram;

import com.ingestpipeline.diagram.Architecture.Edge;
import com.ingestpipeline.diagram.Architecture.Group;
import com.ingestpipeline.diagram.Architecture.Node;

/** Mermaid (for the README) and Graphviz DOT (rendered to SVG during the build) from one model. */
public final class Renderers {
    private Renderers() {
    }

    public static String mermaid(Architecture a) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (Group g : a.groups()) {
            out.append("  subgraph ").append(g.id()).append("[\"").append(escapeMermaid(g.title())).append("\"]\n");
            for (Node n : g.nodes()) {
                String text = escapeMermaid(n.kind().label + ": " + n.name()
                    + (n.detail().isBlank() ? "" : "<br/>" + n.detail()));
                out.append("    ").append(n.id()).append(shape(n, "\"" + text + "\"")).append('\n');
            }
            out.append("  end\n");
        }
        for (Edge e : a.edges()) {
            out.append("  ").append(e.from()).append(" -- \"").append(escapeMermaid(e.label())).append("\" --> ")
                .append(e.to()).append('\n');
        }
        return out.toString();
    }

    private static String shape(Node n, String text) {
        return switch (n.kind()) {
            case BUCKET, DATABASE, VOLUME -> "[(" + text + ")]";
            case FUNCTION -> "[[" + text + "]]";
            case STATE_MACHINE, ACTIVITY -> "{{" + text + "}}";
            case ENDPOINTS, VPC -> "([" + text + "])";
            default -> "[" + text + "]";
        };
    }

    private static String escapeMermaid(String s) {
        return s.replace("\"", "#quot;");
    }

    public static String dot(Architecture a) {
        StringBuilder out = new StringBuilder("digraph architecture {\n  rankdir=LR;\n  compound=true;\n  fontname=\"Helvetica\";\n"
            + "  node [fontname=\"Helvetica\", fontsize=11, style=filled, fillcolor=\"#ffffff\"];\n"
            + "  edge [fontname=\"Helvetica\", fontsize=9];\n");
        for (Group g : a.groups()) {
            out.append("  subgraph cluster_").append(g.id()).append(" {\n    label=\"").append(escapeDot(g.title()))
                .append("\";\n    style=rounded;\n    color=\"#888888\";\n");
            for (Node n : g.nodes()) {
                out.append("    ").append(n.id()).append(" [label=\"").append(escapeDot(n.kind().label + "\n" + n.name()
                        + (n.detail().isBlank() ? "" : "\n" + n.detail()))).append("\", shape=").append(dotShape(n))
                    .append(", fillcolor=\"").append(color(n)).append("\"];\n");
            }
            out.append("  }\n");
        }
        for (Edge e : a.edges()) {
            out.append("  ").append(e.from()).append(" -> ").append(e.to()).append(" [label=\"")
                .append(escapeDot(e.label())).append("\"];\n");
        }
        return out.append("}\n").toString();
    }

    private static String dotShape(Node n) {
        return switch (n.kind()) {
            case BUCKET, DATABASE, VOLUME -> "cylinder";
            case FUNCTION -> "component";
            case STATE_MACHINE, ACTIVITY -> "hexagon";
            case ENDPOINTS, VPC -> "note";
            default -> "box";
        };
    }

    /** AWS console category colours, so services read at a glance. */
    private static String color(Node n) {
        return switch (n.kind()) {
            case BUCKET, VOLUME -> "#d5f2d0";
            case FUNCTION, INSTANCE -> "#ffe3c2";
            case DATABASE, PROXY -> "#d8e0fb";
            case STATE_MACHINE, ACTIVITY -> "#f9d3e5";
            default -> "#eeeeee";
        };
    }

    private static String escapeDot(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
