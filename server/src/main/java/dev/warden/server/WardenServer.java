package dev.warden.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.WardenException;
import dev.warden.server.console.Console;
import dev.warden.server.console.ConsolePages;
import dev.warden.server.console.ConsoleRoute;
import dev.warden.vulndb.VulnDb;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * {@code warden serve}: the API over HTTP (Javalin on Jetty 12, virtual threads), each route behind its role, errors
 * as problem details, metrics for Prometheus. Stateless over its database, so replicas can share one PostgreSQL.
 */
public final class WardenServer implements AutoCloseable {
    /** Where a request's principal is kept between the auth check and the handler. */
    static final String PRINCIPAL = "warden.principal";

    /** How to start: where to listen, which databases to use, and how to run the watches' jobs. */
    public record Config(String host, int port, VulnDb advisories, JobSettings jobs) {
        /** The default job settings, analyses cached under WARDEN_HOME/cache. */
        public Config(String host, int port, VulnDb advisories) {
            this(host, port, advisories, JobSettings.defaults(advisories.home().resolve("cache")));
        }
    }

    private final Javalin app;
    private final ServerDatabase database;
    private final List<Route> routes;
    private final List<String> served = new ArrayList<>();
    private final PrometheusMeterRegistry metrics;
    /** The job workers and the watch scheduler, stopped before the HTTP server. */
    private final List<AutoCloseable> background = new ArrayList<>();

    private final Monitoring monitoring;
    private final VexDesk desk;
    private final ScheduledExecutorService reviews;

    /** Continuous monitoring's parts: re-judging (the entry point other triggers call), the monitor, the webhook sender. */
    public record Monitoring(ImageRejudger rejudger, Monitor monitor, WebhookSender webhooks) {}

    private WardenServer(Javalin app, ServerDatabase database, List<Route> routes, PrometheusMeterRegistry metrics, Monitoring monitoring,
                         VexDesk desk, ScheduledExecutorService reviews) {
        this.app = app;
        this.database = database;
        this.routes = routes;
        this.metrics = metrics;
        this.monitoring = monitoring;
        this.desk = desk;
        this.reviews = reviews;
    }

    /** Opens the databases (migrating them) and starts serving; the caller closes it. */
    public static WardenServer start(Config config, ServerDatabase database, PrintStream log) {
        return start(config, database, log, Monitor.Timings.DEFAULT, WebhookSender.Timings.DEFAULT);
    }

    /** As {@link #start(Config, ServerDatabase, PrintStream)}, with the monitor's and the webhook sender's timings. */
    public static WardenServer start(Config config, ServerDatabase database, PrintStream log, Monitor.Timings monitorTimings,
                                     WebhookSender.Timings webhookTimings) {
        ObjectMapper json = ServerJson.mapper();
        Transactions tx = new Transactions(database);
        Tool tool = Tool.warden();
        Tokens tokens = new Tokens(tx, new SecureRandom(), json);
        ImageStore images = new ImageStore(tx, json);
        PolicyStore policies = new PolicyStore(tx, json);
        VexStore vexStore = new VexStore(tx);
        Api api = new Api(config.advisories(), images, policies, vexStore, tokens, tx, json, tool);
        String replica = replicaId();
        Webhooks webhooks = new Webhooks(tx, json);
        WebhookSender sender = new WebhookSender(webhooks, webhookTimings, replica, log);
        ImageRejudger rejudger = new ImageRejudger(config.advisories(), database, images, policies, vexStore, json, log);
        Monitor monitor = new Monitor(database, config.advisories(), images, rejudger, policies, vexStore, tx, sender::poke, monitorTimings,
                replica, log);
        MonitoringApi monitoringApi = new MonitoringApi(api, new Alerts(tx, json), webhooks, new Settings(tx), json);
        StoredImages stored = new StoredImages(images, json);
        // a change of VEX or policy made here is re-judged before the answer, through monitoring's entry point; the
        // monitor then finds those judgements current
        Rejudging rejudging = new JudgeStoredImages(rejudger, sender::poke);
        VexDesk desk = new VexDesk(vexStore, images, stored, rejudging, ReviewAlerts.alerts(json), tx);
        PolicyDesk policyDesk = new PolicyDesk(policies, new PolicyPreview(config.advisories(), images, stored, policies, vexStore), images,
                rejudging);
        WatchStore watchStore = new WatchStore(tx, json);
        JobQueue jobQueue = new JobQueue(tx, !database.isSqlite());
        // a SQLite database has one writer: one worker per server
        JobSettings jobSettings = database.isSqlite() ? config.jobs().withWorkers(Math.min(1, config.jobs().workers())) : config.jobs();
        WatchRunner runner = new WatchRunner(watchStore, jobQueue, images, policies, vexStore, rejudger, config.advisories(), tx, json,
                jobSettings, System.getenv());
        Console console = ConsolePages.console(tx, tokens, api, json, log, java.time.Clock.systemUTC(),
                new ConsolePages.Desks(vexStore, desk, policies, policyDesk, watchStore, runner, jobQueue));
        java.util.Set<String> consolePaths = new java.util.HashSet<>();
        console.routes().forEach(r -> consolePaths.add(r.path()));
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);

        List<Route> routes = new ArrayList<>();
        routes.add(new Route(HandlerType.GET, "/healthz", null, "Liveness: 200 once the server serves", "object",
                ctx -> api.sendJson(ctx, 200, json.createObjectNode().put("status", "ok"))));
        routes.add(new Route(HandlerType.GET, "/readyz", null, "Readiness: 200 when the database answers, else 503", "object", ctx -> {
            boolean ready = database.ready();
            api.sendJson(ctx, ready ? 200 : 503, json.createObjectNode().put("status", ready ? "ready" : "database unavailable"));
        }));
        routes.add(new Route(HandlerType.GET, "/metrics", null, "Metrics in Prometheus text format", "text",
                ctx -> ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape())));
        routes.addAll(api.routes());
        routes.addAll(monitoringApi.routes());
        routes.addAll(new WatchApi(watchStore, runner, jobQueue, api, json).routes());
        routes.addAll(new ImageDeletionApi(new ImageDeletion(tx, !database.isSqlite(), json), api, json).routes());
        routes.addAll(new VexDeskApi(vexStore, desk, json).routes());
        routes.addAll(new PolicyApi(policies, policyDesk, api, json).routes());
        List<Route> all = List.copyOf(routes);
        ObjectNode openApi = OpenApiDocument.build(withOpenApi(all), tool.version(), json);
        List<Route> registered = withOpenApi(all);
        List<String> served = new ArrayList<>();

        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.concurrency.useVirtualThreads = true;
            c.http.maxRequestSize = ServerLimits.MAX_REQUEST_BYTES;
            c.http.prefer405over404 = true;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.jetty.modifyServer(server -> {
                // SIGTERM (stop()) lets requests in flight finish, up to the grace period, before the connectors close
                server.setStopTimeout(ServerLimits.SHUTDOWN_GRACE_MILLIS);
                GracefulHandler graceful = new GracefulHandler();
                graceful.setHandler(server.getHandler());
                server.setHandler(graceful);
                // errors Jetty answers before routing (a path with an encoded NUL, bad UTF-8) are problem details too
                server.setErrorHandler(new JettyProblems(json));
            });
            c.events.handlerAdded(meta -> {
                if (meta.getHttpMethod().isHttpMethod() && !consolePaths.contains(meta.getPath())) {
                    served.add(meta.getHttpMethod().name() + " " + meta.getPath());
                }
            });
            c.requestLogger.http((ctx, ms) -> Timer.builder("warden.http.requests")
                    .tag("method", ctx.method().name())
                    .tag("route", ctx.endpoints().list().isEmpty() ? "unmatched" : ctx.endpoint().path)
                    .tag("status", Integer.toString(ctx.statusCode()))
                    .register(metrics).record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS));
            for (Route r : registered) {
                Handler handler = r.path().equals("/api/v1/openapi.json") ? ctx -> api.sendJson(ctx, 200, openApi) : r.handler();
                c.routes.addEndpoint(new io.javalin.router.Endpoint(r.method(), r.path(), secured(r.role(), tokens, handler), java.util.Set.of()));
            }
            for (ConsoleRoute r : console.routes()) {
                c.routes.addEndpoint(new io.javalin.router.Endpoint(r.method(), r.path(), console.handler(r), java.util.Set.of()));
            }
            c.routes.exception(ApiProblem.class, (e, ctx) -> problem(ctx, e.status(), e.type(), e.title(), e.getMessage(), json));
            c.routes.exception(WardenException.class, (e, ctx) -> {
                if (databaseFailure(e)) {
                    unavailable(ctx, json);
                    return;
                }
                problem(ctx, 400, "urn:warden:problem:invalid-input", "Invalid Input", e.getMessage(), json);
            });
            c.routes.exception(ServerDatabase.DatabaseUnavailable.class, (e, ctx) -> unavailable(ctx, json));
            c.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, e.getStatus(), "about:blank",
                    e.getStatus() == 413 ? "Content Too Large" : io.javalin.http.HttpStatus.forStatus(e.getStatus()).getMessage(),
                    e.getStatus() == 413 ? "the request body is larger than the limit of " + ServerLimits.MAX_REQUEST_BYTES + " bytes"
                            : Api.firstLine(e.getMessage()), json));
            c.routes.exception(Exception.class, (e, ctx) -> {
                if (databaseFailure(e)) {
                    unavailable(ctx, json);
                    return;
                }
                log.println("warden serve: internal error on " + ctx.method() + " " + ctx.path() + ": " + e);
                e.printStackTrace(log);
                problem(ctx, 500, "about:blank", "Internal Server Error", "an internal error; the server log has the details", json);
            });
            for (int status : new int[] {404, 405}) {
                c.routes.error(status, "*", ctx -> {
                    if (!Console.servesApi(ctx.path())) {
                        console.notFound(ctx, status);
                        return;
                    }
                    if (!String.valueOf(ctx.res().getContentType()).startsWith("application/problem+json")) {
                        problem(ctx, status, "about:blank", status == 404 ? "Not Found" : "Method Not Allowed",
                                status == 404 ? "no such route: " + ctx.path() : "this route does not take " + ctx.method(), json);
                    }
                });
            }
        });
        // one thread, named, stopped with the server: past a review date a statement stops applying at once (the store
        // filters by date); the sweep re-judges the images it covered and raises the alert
        ScheduledExecutorService reviews = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-vex-review");
            t.setDaemon(true);
            return t;
        });
        WardenServer server = new WardenServer(app, database, all, metrics, new Monitoring(rejudger, monitor, sender), desk, reviews);
        server.served.addAll(served);
        app.start();
        sender.start();
        monitor.start();
        server.background.add(new JobWorkers(jobQueue, runner.handlers(), jobSettings, replica, log).start());
        server.background.add(new WatchScheduler(watchStore, runner, java.time.Clock.systemUTC(), log).start(jobSettings.schedulerInterval()));
        reviews.scheduleWithFixedDelay(desk.scheduledSweep(log), 0, ServerLimits.REVIEW_SWEEP_SECONDS, TimeUnit.SECONDS);
        server.served.clear();
        server.served.addAll(served);
        return server;
    }

    private static List<Route> withOpenApi(List<Route> routes) {
        List<Route> out = new ArrayList<>(routes);
        out.add(new Route(HandlerType.GET, "/api/v1/openapi.json", null, "This OpenAPI 3.1 document", "object", ctx -> { }));
        return List.copyOf(out);
    }

    /**
     * Whether a failure came from the database going away (PostgreSQL restarting, a connection cut): the request may
     * be retried, so 503, not a 400 for the client's input nor a 500.
     */
    private static boolean databaseFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException || t instanceof ServerDatabase.DatabaseUnavailable || t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static void unavailable(Context ctx, ObjectMapper json) {
        ctx.header("Retry-After", "5");
        problem(ctx, 503, "urn:warden:problem:database-unavailable", "Service Unavailable",
                "the database is not available now; retry shortly", json);
    }

    /** The route's handler behind the token check: 401 without a known token, 403 below the role. */
    private static Handler secured(Role required, Tokens tokens, Handler handler) {
        if (required == null) {
            return handler;
        }
        return ctx -> {
            String header = ctx.header("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new ApiProblem(401, null, "Unauthorized", "this route needs an API token: Authorization: Bearer TOKEN");
            }
            Tokens.Principal who = tokens.authenticate(header.substring(7).trim()).orElseThrow(() -> {
                ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                return new ApiProblem(401, null, "Unauthorized", "the token is not known or was revoked");
            });
            if (!who.role().atLeast(required)) {
                throw new ApiProblem(403, null, "Forbidden", "this route needs the " + required.id() + " role; the token has " + who.role().id());
            }
            ctx.attribute(PRINCIPAL, who);
            handler.handle(ctx);
        };
    }

    static Tokens.Principal principal(Context ctx) {
        Tokens.Principal who = ctx.attribute(PRINCIPAL);
        if (who == null) {
            throw new IllegalStateException("a secured route ran without a principal");
        }
        return who;
    }

    private static void problem(Context ctx, int status, String type, String title, String detail, ObjectMapper json) {
        ObjectNode n = json.createObjectNode();
        n.put("type", type);
        n.put("title", title);
        n.put("status", status);
        n.put("detail", detail);
        n.put("instance", ctx.path());
        try {
            ctx.status(status).contentType("application/problem+json").result(json.writeValueAsBytes(n));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return app.port();
    }

    /** The routes this server registers, each as its table entry. */
    public List<Route> routes() {
        return routes;
    }

    /** "METHOD /path" of every HTTP handler Javalin registered (from its own events). */
    public List<String> servedRoutes() {
        return List.copyOf(served);
    }


    /** Re-judging, the monitor and the webhook sender of this server. */
    public Monitoring monitoring() {
        return monitoring;
    }

    /** This replica's name in leases: host, process and a random part (two servers in one process differ too). */
    static String replicaId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        for (AutoCloseable b : background) {
            try {
                b.close();
            } catch (Exception e) {
                // stopping: nothing more to do for it
            }
        }
        reviews.shutdownNow();
        monitoring.monitor().close();
        monitoring.webhooks().close();
        app.stop();
        metrics.close();
    }

    /** The VEX desk this server runs (its review sweep can be run at a chosen time, as the scheduler runs it now). */
    public VexDesk vexDesk() {
        return desk;
    }

    public ServerDatabase database() {
        return database;
    }
}
