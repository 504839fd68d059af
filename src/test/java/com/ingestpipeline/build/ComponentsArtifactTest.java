package com.ingestpipeline.build;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumers' artifact (components/pom.xml) and the root build describe the same code: the same version and the
 * same dependency versions, so the library a consumer gets is the one the root build tested. The separation itself
 * (nothing outside the components package, no AWS SDK) is proven by the components build's own compile and by
 * examples/byo-vpc building against the installed artifact (docs/design.md, "Artifacts").
 */
class ComponentsArtifactTest {
    private static final Path ROOT = Path.of(System.getProperty("ingestpipeline.repoRoot", "."));
    private static final List<String> SHARED_VERSIONS = List.of("pulumi.version", "pulumi-aws.version",
        "jackson.version", "guava.version", "project.build.outputTimestamp", "maven.compiler.release");

    @Test
    void theComponentsArtifactHasTheRootBuildsVersions() throws Exception {
        Element root = pom(ROOT.resolve("pom.xml"));
        Element components = pom(ROOT.resolve("components/pom.xml"));
        assertThat(child(components, "artifactId")).isEqualTo("ingest-pipeline-components");
        assertThat(child(components, "groupId")).isEqualTo(child(root, "groupId"));
        assertThat(child(components, "version")).isEqualTo(child(root, "version"));
        for (String property : SHARED_VERSIONS) {
            assertThat(property(components, property)).as(property).isNotBlank().isEqualTo(property(root, property));
        }
    }

    @Test
    void componentSourcesImportNothingOfTheToolingOrTheAwsSdk() throws Exception {
        // The components build would fail to compile on the first two; the SDK would compile only if a consumer
        // happened to have it. Listed by file so the message names the offender.
        Pattern forbidden = Pattern.compile(
            "^import (static )?(com\\.ingestpipeline\\.(?!components\\b)[\\w.]+|software\\.amazon\\.awssdk\\.[\\w.]+)",
            Pattern.MULTILINE);
        List<String> offenders = new ArrayList<>();
        Path sources = ROOT.resolve("src/main/java/com/ingestpipeline/components");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = forbidden.matcher(Files.readString(file));
                while (m.find()) {
                    offenders.add(sources.relativize(file) + ": " + m.group(2));
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static Element pom(Path file) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return doc.getDocumentElement();
    }

    private static String child(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    private static String property(Element pom, String name) {
        NodeList properties = pom.getElementsByTagName("properties");
        return properties.getLength() == 0 ? null : child((Element) properties.item(0), name);
    }
}
