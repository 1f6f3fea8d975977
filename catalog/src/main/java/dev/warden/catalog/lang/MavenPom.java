package dev.warden.catalog.lang;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One {@code pom.xml} as written, before inheritance and interpolation: the parts that decide which dependencies a
 * project has, read with {@link SafeXml}. Profiles are not read: which one is active depends on the build machine.
 */
record MavenPom(String groupId, String artifactId, String version, String packaging, Parent parent,
        Map<String, String> properties, List<Dependency> dependencies, List<Dependency> managed) {

    /** The {@code <parent>} element; relativePath null when absent (Maven then looks at ../pom.xml). */
    record Parent(String groupId, String artifactId, String version, String relativePath) {}

    /** A {@code <dependency>} as written; exclusions are "groupId:artifactId" with '*' wildcards allowed. */
    record Dependency(String groupId, String artifactId, String version, String type, String classifier, String scope,
            String optional, List<String> exclusions) {

        /** Maven's identity of a dependency for management and conflicts: groupId:artifactId:type[:classifier]. */
        String key() {
            return groupId + ":" + artifactId + ":" + (type == null ? "jar" : type) + (classifier == null ? "" : ":" + classifier);
        }

        Dependency with(String newVersion, String newScope, List<String> newExclusions) {
            return new Dependency(groupId, artifactId, newVersion, type, classifier, newScope, optional, newExclusions);
        }
    }

    static MavenPom parse(byte[] xml, String where) throws IOException {
        Document doc = SafeXml.parse(xml, where, "POM");
        Element project = doc.getDocumentElement();
        if (!project.getTagName().equals("project")) {
            throw new WardenException(where + ": no <project> element, not a POM, skipped");
        }
        Element parentElement = child(project, "parent");
        Parent parent = parentElement == null ? null : new Parent(text(parentElement, "groupId"),
                text(parentElement, "artifactId"), text(parentElement, "version"), rawText(parentElement, "relativePath"));
        Map<String, String> properties = new LinkedHashMap<>();
        Element props = child(project, "properties");
        if (props != null) {
            for (Element p : children(props)) {
                properties.put(p.getTagName(), p.getTextContent().strip());
            }
        }
        Element management = child(project, "dependencyManagement");
        return new MavenPom(text(project, "groupId"), text(project, "artifactId"), text(project, "version"),
                text(project, "packaging"), parent, properties, dependencies(child(project, "dependencies")),
                dependencies(management == null ? null : child(management, "dependencies")));
    }

    private static List<Dependency> dependencies(Element list) {
        List<Dependency> deps = new ArrayList<>();
        if (list == null) {
            return deps;
        }
        for (Element d : children(list)) {
            if (!d.getTagName().equals("dependency")) {
                continue;
            }
            List<String> exclusions = new ArrayList<>();
            Element ex = child(d, "exclusions");
            if (ex != null) {
                for (Element e : children(ex)) {
                    exclusions.add(text(e, "groupId") + ":" + text(e, "artifactId"));
                }
            }
            deps.add(new Dependency(text(d, "groupId"), text(d, "artifactId"), text(d, "version"), text(d, "type"),
                    text(d, "classifier"), text(d, "scope"), text(d, "optional"), exclusions));
        }
        return deps;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The stripped text of a child element, null when absent or empty. */
    private static String text(Element parent, String name) {
        String raw = rawText(parent, name);
        return raw == null || raw.isEmpty() ? null : raw;
    }

    /** The stripped text of a child element, "" when present but empty (an empty relativePath means "no local parent"). */
    private static String rawText(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}
