package com.ingestpipeline.diagram;

import java.util.Optional;

/** The README block between the architecture markers, which holds the generated Mermaid diagram. */
public final class ReadmeSection {
    public static final String BEGIN = "<!-- architecture:begin -->";
    public static final String END = "<!-- architecture:end -->";

    private ReadmeSection() {
    }

    /** The block's content for a diagram: a note on how it is made, then the Mermaid fence. */
    public static String render(String mermaid) {
        return render(mermaid, "");
    }

    /** As {@link #render(String)}, followed by a paragraph (the cost comparison) kept current the same way. */
    public static String render(String mermaid, String paragraph) {
        return "\n<!-- Generated from the dev stack's offline plan by com.ingestpipeline.diagram.ArchitectureMain;"
            + " do not edit by hand. -->\n```mermaid\n" + mermaid + "```\n\n"
            + "_Generated from the dev stack's offline plan; `./mvnw verify` also renders it with Graphviz to "
            + "`target/plan/dev-architecture.svg` (every stack gets one). See [security gate](docs/security-gate.md) "
            + "and [cost estimate](docs/cost.md)._\n" + (paragraph.isBlank() ? "" : "\n" + paragraph.strip() + "\n");
    }

    /** What is between the markers now, if both are present in order. */
    public static Optional<String> current(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            return Optional.empty();
        }
        return Optional.of(readme.substring(begin + BEGIN.length(), end));
    }

    /** The README with the block replaced; fails naming the markers when they are missing. */
    public static String replace(String readme, String block) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("README.md: expected " + BEGIN + " followed by " + END);
        }
        return readme.substring(0, begin + BEGIN.length()) + block + readme.substring(end);
    }
}
