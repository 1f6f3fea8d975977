package dev.warden.cli;

import dev.warden.core.WardenException;
import dev.warden.server.JobSettings;
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
        footerHeading = "%nExamples:%n",
        footer = {"  warden serve",
                  "  warden serve --listen 0.0.0.0:8080 --db-update-every 6h"},
        description = "Run the repository server: stored images, their verdicts, the policy file and VEX over an HTTP API.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where to listen (default ${DEFAULT-VALUE}; port 0 picks a free one).")
    String listen = "127.0.0.1:8080";

    @Option(names = "--workers", paramLabel = "N",
            description = "Job workers in this server: watch runs and their analyses (default ${DEFAULT-VALUE}; a SQLite server runs 1; "
                    + "0 leaves the jobs to other replicas).")
    int workers = JobSettings.DEFAULT_WORKERS;

    @Option(names = "--job-lease", paramLabel = "DURATION",
            description = "How long a job a worker claimed stays its own without renewal (renewed while it works); if the server dies, "
                    + "another replica takes the job after this (default ${DEFAULT-VALUE}).")
    String jobLease = "60s";

    @Mixin
    DbMixin db;

    @Option(names = "--db-update-every", paramLabel = "DURATION",
            description = "Update the advisory database every DURATION (e.g. 6h), as 'warden db update' does; one replica does it, "
                    + "and the stored images it touches are re-judged (default: never; cron 'warden db update' works as well).")
    String dbUpdateEvery;

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
        java.time.Duration lease = CommandTimeout.parse(jobLease, "--job-lease");
        WardenCommand root = (WardenCommand) spec.root().userObject();
        JobSettings jobs = new JobSettings(workers, lease, JobSettings.DEFAULT_POLL, JobSettings.DEFAULT_SCHEDULER_INTERVAL, root.cacheDir());
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
        java.time.Duration updateEvery = dbUpdateEvery == null ? null : CommandTimeout.parse(dbUpdateEvery, "--db-update-every");
        ServerDatabase database = ServerDatabase.open(advisories);
        WardenServer server;
        try {
            server = WardenServer.start(new WardenServer.Config(host, port, advisories, jobs), database, new PrintStream(System.err, true));
        } catch (RuntimeException e) {
            database.close();
            throw new WardenException("cannot serve on " + listen + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        dev.warden.server.AdvisoryUpdates updates = updateEvery == null ? null
                : new dev.warden.server.AdvisoryUpdates(database, advisories, updateEvery, new PrintStream(System.err, true));
        if (updates != null) {
            updates.start();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (updates != null) {
                updates.close();
            }
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
