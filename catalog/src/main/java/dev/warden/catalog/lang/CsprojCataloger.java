package dev.warden.catalog.lang;

import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * .NET project files ({@code *.csproj}, {@code *.fsproj}, {@code *.vbproj}): each {@code <PackageReference>} with a
 * concrete {@code Version} (attribute or element). A reference whose version is a range ({@code [1.0,2.0)}), a
 * floating version ({@code 1.*}), an MSBuild property ({@code $(Version)}) or absent (central package management in
 * {@code Directory.Packages.props}) names no single release and is one warning for the file; the
 * {@code packages.lock.json} beside a project, when restore writes one, has the resolved versions.
 */
public final class CsprojCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "dotnet-project";
    }

    @Override
    boolean wants(FileEntry entry) {
        String name = entry.name();
        return name.endsWith(".csproj") || name.endsWith(".fsproj") || name.endsWith(".vbproj");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        Document doc = SafeXml.parse(Bounded.readAll(content, LangLimits.MAX_METADATA_BYTES, entry.path()), entry.path(), "project file");
        NodeList references = doc.getElementsByTagName("PackageReference");
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < references.getLength(); i++) {
            Element reference = (Element) references.item(i);
            String name = reference.getAttribute("Include").strip();
            if (name.isEmpty()) {
                continue; // an Update or Remove of a reference made elsewhere
            }
            String version = reference.getAttribute("Version").strip();
            if (version.isEmpty()) {
                version = childText(reference, "Version");
            }
            if (version.isEmpty() || version.contains("$(") || version.contains("*") || version.startsWith("[") || version.startsWith("(")
                    || version.contains(",")) {
                skipped.add(name);
                continue;
            }
            found.add(new LangPackages.Coordinates("nuget", null, name, version), List.of(), Declared.of(Declared.DIRECT, null, false));
        }
        if (!skipped.isEmpty()) {
            found.warn(entry.path() + ": " + skipped.size() + " package references without a single version not listed ("
                    + String.join(", ", skipped.stream().limit(5).toList()) + (skipped.size() > 5 ? ", ..." : "") + ")");
        }
    }

    private static String childText(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        return "";
    }
}
