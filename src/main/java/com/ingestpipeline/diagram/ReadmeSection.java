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
        return "\n<!-- Generated from the dev stack's offline plan by com.ingestpipeline.diagram.ArchitectureMain;"
            + " do not edit by hand. -->\n```mermaid\n" + mermaid + "```\n";
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
