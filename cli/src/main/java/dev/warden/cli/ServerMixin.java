package dev.warden.cli;

import dev.warden.core.WardenException;
import dev.warden.server.ServerJson;
import dev.warden.server.client.ServerCache;
import dev.warden.server.client.ServerClient;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code --server URL} for scan, policy and quickview: judge with the server's active policy file and approved VEX
 * (fetched with their ETags and cached under WARDEN_HOME; offline, the cache is used and its age said), so the laptop
 * gives the verdict the repository will give.
 */
final class ServerMixin {
    @Option(names = "--server", paramLabel = "URL",
            description = "A Warden server whose active policy file and approved VEX to judge with (token from WARDEN_TOKEN).")
    String url;

    /**
     * Points {@code policies} (null for scan, which judges no policies) at the server's policy file and puts the server's
     * VEX before the command line's --vex files (theirs win ties, being later).
     */
    void apply(WardenCommand root, PolicyFileMixin policies, VexMixin vex, PrintWriter err) {
        if (url == null) {
            return;
        }
        if (policies != null && policies.policyFile != null) {
            throw new WardenException("--server and --policy both name a policy file: give one");
        }
        var json = ServerJson.mapper();
        ServerClient client = new ServerClient(url, System.getenv("WARDEN_TOKEN"), json);
        ServerCache.Synced synced = new ServerCache(root.home(), client, json).sync(client, notice -> {
            err.println("warden: warning: " + notice);
            err.flush();
        });
        if (policies != null) {
            policies.policyFile = synced.policyFile().orElse(null);
        }
        vex.vex.add(0, synced.vexFile());
    }
}
