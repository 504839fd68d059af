package com.ingestpipeline.diagram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Writes {@code <stack>-architecture.mmd}, {@code .dot} and, when Graphviz is installed,
 * {@code .svg} beside the plan file. Without Graphviz the SVG is skipped with a note that names the
 * package to install; the Mermaid text (what the README shows) never depends on it.
 */
public final class DiagramWriter {
    /** The files written; {@code svg} is empty when Graphviz is missing. */
    public record Written(Path mermaid, Path dot, Optional<Path> svg, String note) {
    }

    private final String dotCommand;

    public DiagramWriter(String dotCommand) {
        this.dotCommand = dotCommand;
    }

    public static DiagramWriter withGraphviz() {
        return new DiagramWriter("dot");
    }

    public Written write(Architecture architecture, Path dir, String stack) throws IOException {
        Files.createDirectories(dir);
        Path mmd = dir.resolve(stack + "-architecture.mmd");
        Path dot = dir.resolve(stack + "-architecture.dot");
        Path svg = dir.resolve(stack + "-architecture.svg");
        Files.writeString(mmd, Renderers.mermaid(architecture), StandardCharsets.UTF_8);
        Files.writeString(dot, Renderers.dot(architecture), StandardCharsets.UTF_8);
        try {
            Process p = new ProcessBuilder(List.of(dotCommand, "-Tsvg", "-o", svg.toString(), dot.toString()))
                .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("graphviz: '" + dotCommand + "' did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("graphviz: '" + dotCommand + " -Tsvg' failed (exit " + p.exitValue() + "): " + output);
            }
            return new Written(mmd, dot, Optional.of(svg), "rendered " + svg);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("graphviz:")) {
                throw e;
            }
            return new Written(mmd, dot, Optional.empty(), "no SVG: Graphviz '" + dotCommand
                + "' is not installed (Debian: apt-get install graphviz)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering " + svg, e);
        }
    }
}
