package dev.warden.cli;

import dev.warden.image.SourceRef;
import dev.warden.pipeline.ScanOptions;
import dev.warden.pipeline.BackgroundStore;
import dev.warden.pipeline.StartUpWork;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.core.WardenException;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.vex.VexStatement;
import dev.warden.match.vex.VexApplier;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warden vex list SOURCE --vex ...}: matches the image, applies the VEX, and tells for every statement
 * whether it decides findings, is overridden by a later statement, or matches nothing (any more).
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden vex list oci-dir://target/demo/oci:bookworm --vex target/zlib.vex.json",
                  "  warden vex list --server http://127.0.0.1:8080 --state proposed"},
        description = "Show which VEX statements apply to an image's findings, which are overridden by later ones, "
                + "and which match nothing (any more).")
final class VexListCommand implements Callable<Integer> {
    static final String APPLIES = "applies";
    static final String OVERRIDDEN = "overridden";
    static final String UNMATCHED = "matches nothing";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", arity = "0..1",
            description = "Image or SBOM, as for warden scan. Without it, --server lists the server's statements.")
    String source;

    @Option(names = "--state", paramLabel = "STATE",
            description = "With --server and no SOURCE: only statements in this state (proposed, approved, rejected, expired).")
    String state;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table or json (default ${DEFAULT-VALUE}).")
    String format = "table";

    @Mixin
    SourceMixin sourceOptions;

    @Mixin
    CatalogMixin catalog;

    @Mixin
    DbMixin db;

    @Mixin
    VexMixin vex;

    @Mixin
    ServerMixin server;

    /** One statement and what it did. */
    record Use(String use, VexStatement statement, List<Finding> findings) {}

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json")) {
            throw new WardenException("--format '" + format + "': use table or json");
        }
        WardenCommand root = (WardenCommand) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        if (source == null) {
            if (server.url == null) {
                throw new WardenException("give SOURCE (the image to check statements against), or --server URL to list a server's statements");
            }
            new ServerVexList(server.url, state, format).print(spec.commandLine().getOut());
            return 0;
        }
        if (state != null) {
            throw new WardenException("--state filters a server's statements: give --server URL without SOURCE");
        }
        // with --server, the server's approved statements come first (the --vex files win ties, being later)
        server.apply(root, null, vex, err);
        SourceRef ref = SourceRef.parse(source);
        List<VexStatement> statements = vex.inputs().statementsFor(ref, root.quiet() ? null : err);
        if (statements.isEmpty()) {
            throw new WardenException("no VEX statements: give --vex FILE|DIR (or an sbom:// source carrying CycloneDX analysis)");
        }
        ScanResult scan;
        try (BackgroundStore store = StartUpWork.advisoryStore(db.vulnDb(root, err))) {
            // without VEX: the statements are applied below, keeping what each one did
            scan = sourceOptions.pipeline(root, catalog.selection()).scans(store, ScanOptions.MATCH_ONLY, root.quiet() ? null : err).scan(ref);
        }
        VexApplier.Outcome outcome = new VexApplier(statements).evaluate(scan.sbom(), scan.findings());
        List<Use> uses = new ArrayList<>();
        outcome.decided().forEach((s, findings) -> uses.add(new Use(APPLIES, s, findings)));
        outcome.overridden().forEach(s -> uses.add(new Use(OVERRIDDEN, s, List.of())));
        outcome.unmatched().forEach(s -> uses.add(new Use(UNMATCHED, s, List.of())));
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            writeJson(uses, out);
        } else {
            writeTable(uses, out);
        }
        out.flush();
        if (!root.quiet()) {
            err.println("warden: " + outcome.decided().size() + " statements apply (" + outcome.findings().stream()
                    .filter(Finding::suppressed).count() + " findings suppressed), " + outcome.overridden().size()
                    + " overridden, " + outcome.unmatched().size() + " match nothing");
            err.flush();
        }
        return 0;
    }

    private static void writeTable(List<Use> uses, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"USE", "VULNERABILITY", "STATUS", "PRODUCT", "FINDINGS", "DOCUMENT"});
        for (Use u : uses) {
            VexStatement s = u.statement();
            String product = s.products().get(0) + (s.products().size() > 1 ? " (+" + (s.products().size() - 1) + ")" : "");
            if (!s.subcomponents().isEmpty()) {
                product += " > " + s.subcomponents().get(0) + (s.subcomponents().size() > 1 ? " (+" + (s.subcomponents().size() - 1) + ")" : "");
            }
            rows.add(new String[] {u.use(), s.vulnerability(), s.status().id(), product, findings(u.findings()), s.document()});
        }
        Table.print(rows, out);
    }

    /** {@code 2: libssl3 3.0.8-r3, libcrypto3 3.0.8-r3}; at most three packages named. */
    private static String findings(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "0";
        }
        List<String> names = findings.stream().map(f -> f.pkg().name() + " " + f.pkg().version()).distinct().toList();
        return findings.size() + ": " + String.join(", ", names.subList(0, Math.min(3, names.size())))
                + (names.size() > 3 ? ", ..." : "");
    }

    private static void writeJson(List<Use> uses, PrintWriter out) throws java.io.IOException {
        List<Map<String, Object>> array = new ArrayList<>();
        for (Use u : uses) {
            VexStatement s = u.statement();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("use", u.use());
            m.put("vulnerability", s.vulnerability());
            m.put("aliases", s.aliases());
            m.put("status", s.status().id());
            m.put("products", s.products());
            m.put("subcomponents", s.subcomponents());
            m.put("justification", s.justification());
            m.put("timestamp", s.timestamp() == null ? null : s.timestamp().toString());
            m.put("document", s.document());
            m.put("findings", u.findings().stream().map(f -> Map.of("id", f.id(), "purl", f.pkg().purl(),
                    "matchedOn", f.vex().matchedOn())).toList());
            array.add(m);
        }
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(array));
    }
}
