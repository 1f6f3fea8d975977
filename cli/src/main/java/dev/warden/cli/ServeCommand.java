package dev.warden.cli;

import dev.warden.core.WardenException;
import dev.warden.server.ServerDatabase;
import dev.warden.server.WardenServer;
import dev.warden.vulndb.VulnDb;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code warden serve [--listen HOST:PORT] [--db URL]}: the repository server and its console (docs/server.md, docs/console.md). Two lines when it
 * serves, one when it has stopped; SIGTERM lets requests in flight finish first.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the repository server: stored images, their verdicts, the policy file and VEX over an HTTP API.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where to listen (default ${DEFAULT-VALUE}; port 0 picks a free one).")
    String listen = "127.0.0.1:8080";

    @Mixin
    DbMixin db;

    @Override
    public Integer call() throws Exception {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new WardenException("--listen must be HOST:PORT, got '" + listen + "'");
        }
        String host = listen.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new WardenException("--listen must be HOST:PORT with a numeric port, got '" + listen + "'");
        }
        if (port < 0 || port > 65535) {
            throw new WardenException("--listen: port " + port + " is out of range");
        }
        WardenCommand root = (WardenCommand) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        // every push opens the advisory store, which repeats its notices (snapshot age...): each is logged once
        java.util.Set<String> said = java.util.concurrent.ConcurrentHashMap.newKeySet();
        VulnDb advisories = VulnDb.of(root.home(), db.location, db.offline(), notice -> {
            if (said.add(notice)) {
                err.println("warden serve: warning: " + notice);
                err.flush();
            }
        });
        ServerDatabase database = ServerDatabase.open(advisories);
        WardenServer server;
        try {
            server = WardenServer.start(new WardenServer.Config(host, port, advisories), database, new PrintStream(System.err, true));
        } catch (RuntimeException e) {
            database.close();
            throw new WardenException("cannot serve on " + listen + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close(); // Jetty lets requests in flight finish (up to ServerLimits.SHUTDOWN_GRACE_MILLIS)
            database.close();
            out.println("warden serve: stopped");
            out.flush();
            stopped.countDown();
        }, "warden-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("warden serve: listening on http://" + host + ":" + server.port() + " (advisories " + advisories.database().describe()
                + ", server data " + database.location().describe() + ")");
        out.println("warden serve: console at http://" + host + ":" + server.port() + "/ (sign in with a token: warden server token create "
                + "--name NAME --role viewer|developer|security|admin)");
        out.flush();
        stopped.await();
        return 0;
    }
}
