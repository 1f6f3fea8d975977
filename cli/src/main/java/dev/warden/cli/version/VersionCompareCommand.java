package dev.warden.cli.version;

import dev.warden.core.InvalidVersionException;
import dev.warden.core.VersionScheme;
import dev.warden.match.version.VersionSchemes;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warden version compare --ecosystem TYPE [A B]}: prints {@code <}, {@code =} or {@code >}; without
 * A and B, reads {@code A<TAB>B} lines from stdin and prints one sign per line, {@code invalid} for a line
 * the scheme rejects (or that is not two tab-separated versions), so the output stays line-aligned.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden version compare --ecosystem deb 1:1.0-1 2.0-1   prints >",
                  "  printf '1.2-1\\t1.10-1\\n' | warden version compare -e deb"},
        description = {"Compare two versions the way the ecosystem's own tool does.",
            "With A and B prints <, = or >. Without them reads A<TAB>B lines from stdin and prints one",
            "sign per line, 'invalid' where the ecosystem rejects a version."})
final class VersionCompareCommand implements Callable<Integer> {

    /** Longest stdin line read as a pair; longer ones answer invalid (two versions at most 256 characters each). */
    static final int MAX_LINE_CHARS = 4096;

    @Spec
    CommandSpec spec;

    @Option(names = {"-e", "--ecosystem"}, required = true, paramLabel = "TYPE",
            description = "purl type (deb, rpm, apk, maven, npm, pypi, golang, gem, nuget, cargo, composer, generic) or OSV ecosystem (Debian, PyPI...).")
    String ecosystem;

    @Parameters(arity = "0..2", paramLabel = "VERSION", description = "A and B; omit both to read pairs from stdin.")
    List<String> versions = List.of();

    @Override
    public Integer call() throws IOException {
        VersionScheme scheme = VersionSchemes.forEcosystem(ecosystem).orElseGet(() -> VersionSchemes.require(ecosystem));
        PrintWriter out = spec.commandLine().getOut();
        if (versions.size() == 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give two versions A B, or none to read pairs from stdin");
        }
        if (versions.size() == 2) {
            out.println(sign(scheme.compare(versions.get(0), versions.get(1))));
        } else {
            compareLines(scheme, new InputStreamReader(System.in, StandardCharsets.UTF_8), out);
        }
        out.flush();
        return 0;
    }

    static void compareLines(VersionScheme scheme, Reader in, PrintWriter out) throws IOException {
        StringBuilder line = new StringBuilder();
        boolean tooLong = false;
        boolean pending = false;
        char[] buf = new char[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                char c = buf[i];
                if (c == '\n') {
                    out.println(tooLong ? "invalid" : answer(scheme, line));
                    line.setLength(0);
                    tooLong = false;
                    pending = false;
                } else {
                    pending = true;
                    if (line.length() < MAX_LINE_CHARS) {
                        line.append(c);
                    } else {
                        tooLong = true;
                    }
                }
            }
        }
        if (pending) {
            out.println(tooLong ? "invalid" : answer(scheme, line));
        }
    }

    private static String answer(VersionScheme scheme, CharSequence raw) {
        String line = raw.length() > 0 && raw.charAt(raw.length() - 1) == '\r' ? raw.subSequence(0, raw.length() - 1).toString() : raw.toString();
        int tab = line.indexOf('\t');
        if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
            return "invalid";
        }
        try {
            return sign(scheme.compare(line.substring(0, tab), line.substring(tab + 1)));
        } catch (InvalidVersionException e) {
            return "invalid";
        }
    }

    private static String sign(int c) {
        return c < 0 ? "<" : c > 0 ? ">" : "=";
    }
}
