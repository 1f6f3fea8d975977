package dev.warden.cli;

import dev.warden.image.SourceRef;
import dev.warden.pipeline.StartUpWork;
import dev.warden.core.AtomicFile;
import dev.warden.catalog.sbom.SbomFormat;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Sbom;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden sbom SOURCE}: every package in an image, as CycloneDX, SPDX, Warden JSON or a table. */
@Command(name = "sbom", mixinStandardHelpOptions = true,
        description = "List every package in an image (SBOM): OS and language packages with licences, layers and source packages.",
        footerHeading = "%nExamples:%n",
        footer = {"  warden sbom oci-dir://target/demo/oci:bookworm --format table",
                  "  warden sbom fs:/ --format cyclonedx-json -o target/host.cdx.json"})
final class SbomCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", description = SourceRef.FORMS)
    String source;

    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = FormatNames.class,
            description = "cyclonedx-json, spdx-json, json or table (default ${DEFAULT-VALUE}).")
    String format = SbomFormat.TABLE.cliName();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the SBOM to FILE instead of standard output.")
    Path output;

    @Mixin
    SourceMixin sourceOptions;

    @Mixin
    CatalogMixin catalog;

    static final class FormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(SbomFormat.values()).map(SbomFormat::cliName).iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        WardenCommand root = (WardenCommand) spec.root().userObject();
        SbomFormat sbomFormat = SbomFormat.fromCliName(format); // before the (long) analysis
        dev.warden.core.AtomicFile.checkWritable(output);
        SourceRef ref = SourceRef.parse(source);
        StartUpWork.sbomWriter(sbomFormat.writer(Tool.warden()));
        Sbom sbom = sourceOptions.pipeline(root, catalog.selection()).analyse(ref, false, dev.warden.pipeline.StoreJarIndex.ofHome(root.home()));
        if (!root.quiet()) {
            Warnings.print(sbom.warnings(), spec.commandLine().getErr(), "the SBOM's warnings", root.cacheDir());
        }
        root.progress().phase(dev.warden.core.progress.Phase.REPORT);
        if (output != null) {
            AtomicFile.write(output, out -> sbomFormat.writer(Tool.warden()).write(sbom, out));
        } else {
            // picocli's out is a Writer; the format writers produce UTF-8 bytes
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            sbomFormat.writer(Tool.warden()).write(sbom, bytes);
            PrintWriter out = spec.commandLine().getOut();
            out.print(bytes.toString(StandardCharsets.UTF_8));
            out.flush();
        }
        return 0;
    }
}
