package dev.warden.cli;

import dev.warden.core.AtomicFile;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** Where {@code vex create} and {@code vex merge} put a document: a file (written atomically) or standard output. */
final class VexOutput {
    private VexOutput() {}

    static void emit(byte[] document, Path file, CommandSpec spec) {
        if (file != null) {
            AtomicFile.write(file, out -> out.write(document));
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(new String(document, StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** {@code warden 0.1.0}: the OpenVEX {@code tooling} field. */
    static String tooling() {
        return "warden " + dev.warden.core.WardenVersion.get();
    }
}
