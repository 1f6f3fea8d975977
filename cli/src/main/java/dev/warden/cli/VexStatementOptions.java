package dev.warden.cli;

import dev.warden.core.WardenException;
import dev.warden.core.vex.VexStatus;
import dev.warden.match.vex.OpenVexJustification;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The flags that make one VEX statement, shared by {@code vex create} (written to a file) and {@code vex propose} (sent
 * to a server's VEX desk): what it is about, which vulnerability, the status and why.
 */
final class VexStatementOptions {
    /** A product is a purl or an image digest: anything else would match nothing and suppress nothing, silently. */
    private static final Pattern DIGEST = Pattern.compile("sha(256:[0-9a-f]{64}|512:[0-9a-f]{128})");

    @Option(names = "--product", required = true, paramLabel = "PURL|DIGEST",
            description = "What the statement is about: the image (pkg:oci/NAME@sha256:...?repository_url=..., "
                    + "pkg:docker/..., sha256:...) or a package purl (no version = all versions). Repeatable.")
    List<String> products = new ArrayList<>();

    @Option(names = "--subcomponent", paramLabel = "PURL",
            description = "Limit the statement to this package inside the product(s). Repeatable.")
    List<String> subcomponents = new ArrayList<>();

    @Option(names = "--vuln", required = true, paramLabel = "ID", description = "Vulnerability id: CVE-..., GHSA-...")
    String vulnerability;

    @Option(names = "--status", required = true, paramLabel = "STATUS", completionCandidates = Statuses.class,
            description = "not_affected, affected, fixed or under_investigation.")
    String status;

    @Option(names = "--justification", paramLabel = "WHY", completionCandidates = Justifications.class,
            description = "For not_affected: ${COMPLETION-CANDIDATES}.")
    String justification;

    @Option(names = "--impact", paramLabel = "TEXT", description = "Impact statement (not_affected: why, in words).")
    String impact;

    @Option(names = "--action", paramLabel = "TEXT", description = "Action statement (required for affected: what to do).")
    String action;

    static final class Statuses implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return VexStatus.vexStatuses().stream().map(VexStatus::id).iterator();
        }
    }

    static final class Justifications implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return OpenVexJustification.ALL.iterator();
        }
    }

    /** The status given, or one line naming the flag. */
    VexStatus vexStatus() {
        return VexStatus.vexStatuses().stream()
                .filter(s -> s.id().equals(status.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new WardenException("--status '" + status + "': use not_affected, affected, fixed or under_investigation"));
    }

    /** Fails on a product that is neither a purl nor an image digest. */
    void checkProducts() {
        for (String product : products) {
            String p = product.strip();
            if (!p.startsWith("pkg:") && !DIGEST.matcher(p).matches()) {
                throw new WardenException("--product '" + product + "' is neither a purl (pkg:deb/debian/zlib1g, pkg:oci/app@sha256:...) "
                        + "nor an image digest (sha256:<64 hex>)");
            }
        }
    }
}
