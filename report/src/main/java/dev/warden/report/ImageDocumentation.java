package dev.warden.report;

import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image's documentation as a repository's reviewers read it, in Markdown: identity, configuration (user,
 * entrypoint, command, working directory, ports, the names of environment variables, never their values), labels,
 * layers with the history that made them, base image, and a summary of the packages' licences.
 */
public final class ImageDocumentation {
    private ImageDocumentation() {}

    /** {@code source} as the user named it; {@code baseImage}: how the base was identified, or null when it is unknown. */
    public static String render(String source, Sbom sbom, String baseImage) {
        ImageInfo image = sbom.image();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(cell(source)).append("\n\n");
        if (image == null) {
            md.append("Not an image: no configuration or layers to document.\n");
            return md.toString();
        }
        ImageInfo.ImageConfig c = image.config() == null ? ImageInfo.ImageConfig.EMPTY : image.config();
        md.append("| | |\n|---|---|\n");
        row(md, "Manifest digest", image.manifestDigest());
        row(md, "Config digest", image.configDigest());
        row(md, "Platform", image.platform() == null ? "unknown" : image.platform().os() + "/" + image.platform().architecture()
                + (image.platform().variant() == null || image.platform().variant().isEmpty() ? "" : "/" + image.platform().variant()));
        row(md, "Created", c.created().isEmpty() ? "not recorded" : c.created());
        row(md, "User", c.user().isEmpty() ? "root (no USER set)" : c.user());
        row(md, "Entrypoint", c.entrypoint().isEmpty() ? "none" : String.join(" ", c.entrypoint()));
        row(md, "Command", c.cmd().isEmpty() ? "none" : String.join(" ", c.cmd()));
        row(md, "Working directory", c.workingDir().isEmpty() ? "/" : c.workingDir());
        row(md, "Exposed ports", c.exposedPorts().isEmpty() ? "none" : String.join(", ", c.exposedPorts()));
        row(md, "Environment (names only)", c.env().isEmpty() ? "none"
                : String.join(", ", c.env().stream().map(e -> e.contains("=") ? e.substring(0, e.indexOf('=')) : e).toList()));
        row(md, "Base image", baseImage == null ? "unknown" : baseImage);
        if (!c.labels().isEmpty()) {
            md.append("\n## Labels\n\n| label | value |\n|---|---|\n");
            new TreeMap<>(c.labels()).forEach((k, v) -> md.append("| ").append(cell(k)).append(" | ").append(cell(v)).append(" |\n"));
        }
        md.append("\n## Layers\n\n| # | digest | size | created by |\n|---|---|---|---|\n");
        List<ImageInfo.HistoryEntry> steps = c.history().stream().filter(h -> !h.emptyLayer()).toList();
        for (int i = 0; i < image.layers().size(); i++) {
            ImageInfo.LayerInfo layer = image.layers().get(i);
            String by = i < steps.size() ? steps.get(i).createdBy() : "not recorded";
            md.append("| ").append(i + 1).append(" | `").append(layer.digest()).append("` | ").append(layer.size())
                    .append(" | ").append(cell(by == null || by.isEmpty() ? "not recorded" : by)).append(" |\n");
        }
        Map<String, Integer> licenses = new TreeMap<>();
        int unknown = 0;
        for (Package p : sbom.packages()) {
            if (p.licenses().isEmpty()) {
                unknown++;
            }
            p.licenses().forEach(l -> licenses.merge(l, 1, Integer::sum));
        }
        md.append("\n## Licences\n\n").append(sbom.packages().size()).append(" packages; ")
                .append(unknown).append(" without a declared licence.\n\n| licence | packages |\n|---|---|\n");
        licenses.forEach((l, n) -> md.append("| ").append(cell(l)).append(" | ").append(n).append(" |\n"));
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(cell(value == null ? "" : value)).append(" |\n");
    }

    /** A table cell: pipes escaped and line breaks flattened, so hostile labels cannot break the table. */
    private static String cell(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
