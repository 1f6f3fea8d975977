package dev.warden.cli;

import dev.warden.core.vex.VexStatement;
import dev.warden.match.vex.OpenVexWriter;
import dev.warden.match.vex.VexDocuments;
import dev.warden.match.vex.VexMerge;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code warden vex merge}: any VEX documents (OpenVEX, CycloneDX, CSAF) into one OpenVEX v0.2.0 document. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden vex merge target/a.vex.json target/vex/ -o target/merged.vex.json"},
        description = "Merge VEX documents (OpenVEX, CycloneDX VEX, CSAF; files or directories) into one OpenVEX v0.2.0 "
                + "document. For each vulnerability and product the latest statement is kept (timestamp, then the order given).")
final class VexMergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "VEX documents, later ones win ties.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the merged document to FILE.")
    Path output;

    @Option(names = "--author", paramLabel = "NAME", description = "Document author (default: ${DEFAULT-VALUE}).")
    String author = "Unknown Author";

    @Override
    public Integer call() {
        WardenCommand root = (WardenCommand) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        VexDocuments.Loaded loaded = VexDocuments.read(inputs);
        if (!root.quiet()) {
            loaded.warnings().forEach(w -> err.println("warden: warning: " + w));
        }
        List<VexStatement> merged = VexMerge.merge(loaded.statements());
        byte[] doc = new OpenVexWriter(author, VexOutput.tooling()).write(merged, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        VexOutput.emit(doc, output, spec);
        if (!root.quiet()) {
            err.println("warden: " + loaded.statements().size() + " statements read, " + merged.size() + " written");
        }
        err.flush();
        return 0;
    }
}
