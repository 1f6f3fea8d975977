package dev.warden.cli;

import dev.warden.image.SourceRef;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.catalog.sbom.ImageFacts;
import dev.warden.core.ImageInfo;
import dev.warden.core.SafeText;
import dev.warden.core.ImageInfo.LayerInfo;
import dev.warden.image.ImageSource;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden image inspect SOURCE}: identity, config and layers of an image. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden image inspect alpine:3.19",
                  "  warden image inspect oci-dir://target/demo/oci:bookworm --format json"},
        description = "Show an image's reference, digest, platform, config and layers (reads every layer to count entries).")
final class ImageInspectCommand implements Callable<Integer> {
    enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", description = SourceRef.FORMS)
    String source;

    @Option(names = "--format", description = "table or json (default ${DEFAULT-VALUE}).")
    Format format = Format.table;

    @Mixin
    SourceMixin sourceOptions;

    @Override
    public Integer call() throws Exception {
        WardenCommand root = (WardenCommand) spec.root().userObject();
        ImageInfo info;
        try (ImageSource image = sourceOptions.pipeline(root).open(SourceRef.parse(source))) {
            image.files(); // one pass over the layers fills in their entry counts
            info = image.info();
            // Survived problems (unreadable files of a root filesystem) go to stderr, one line each.
            image.warnings().forEach(w -> spec.commandLine().getErr().println("warden: warning: " + w));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
            out.println(json.writeValueAsString(info));
        } else {
            printTable(info, out);
        }
        out.flush();
        return 0;
    }

    private static void printTable(ImageInfo info, PrintWriter out) {
        out.printf("Reference:  %s%n", info.reference());
        out.printf("Name:       %s%n", ImageFacts.name(info));
        out.printf("Digest:     %s%n", nullToDash(info.manifestDigest()));
        out.printf("Config:     %s%n", nullToDash(info.configDigest()));
        // a container engine's names for the image at registries; Digest above is the one of the name asked for
        info.repoDigests().forEach(d -> out.printf("RepoDigest: %s%n", SafeText.clean(d)));
        out.printf("Platform:   %s%n", info.platform() == null ? "-" : info.platform());
        ImageInfo.ImageConfig c = info.config();
        out.printf("Created:    %s%n", nullToDash(c.created()));
        out.printf("User:       %s%n", c.user() == null || c.user().isEmpty() ? "(root)" : c.user());
        out.printf("Entrypoint: %s%n", c.entrypoint());
        out.printf("Cmd:        %s%n", c.cmd());
        out.printf("WorkingDir: %s%n", nullToDash(c.workingDir()));
        out.printf("Ports:      %s%n", c.exposedPorts());
        out.println("Env:");
        c.env().forEach(e -> out.println("  " + e));
        out.println("Labels:");
        c.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.println("  " + e.getKey() + "=" + e.getValue()));
        out.println("History:");
        c.history().forEach(h -> out.println("  " + nullToDash(h.created()) + "  " + nullToDash(h.createdBy())
                + (h.emptyLayer() ? "  (empty layer)" : "")));
        out.println("Layers:");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "DIGEST", "DIFF_ID", "MEDIA TYPE", "SIZE", "ENTRIES"});
        int i = 0;
        for (LayerInfo l : info.layers()) {
            rows.add(new String[] {String.valueOf(i++), shortDigest(l.digest()), shortDigest(l.diffId()),
                l.mediaType(), l.size() < 0 ? "-" : ProgressLine.human(l.size()), String.valueOf(l.entryCount())});
        }
        Table.print(rows, out);
        printAttestations(info, out);
    }

    /** Attestation predicate types come from the image's manifests: control characters never reach the terminal. */
    private static void printAttestations(ImageInfo info, PrintWriter out) {
        switch (info.attestationState()) {
            case NOT_CARRIED -> out.println("Attestations: - (this source cannot carry attestations)");
            case UNREADABLE -> out.println("Attestations: unreadable (see the warnings)" + (info.attestations().isEmpty() ? "" : "; read:"));
            case SEARCHED -> out.println("Attestations:" + (info.attestations().isEmpty() ? " none" : ""));
        }
        if (info.attestations().isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PREDICATE TYPE", "STATEMENT", "MEDIA TYPE", "FOUND BY"});
        for (ImageInfo.Attestation a : info.attestations()) {
            rows.add(new String[] {printable(a.predicateType()), shortDigest(a.digest()), printable(a.mediaType()), a.foundBy()});
        }
        Table.print(rows, out);
    }

    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    private static String shortDigest(String d) {
        return d == null ? "-" : d.length() > 19 ? d.substring(0, 19) : d;
    }

    private static String nullToDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
