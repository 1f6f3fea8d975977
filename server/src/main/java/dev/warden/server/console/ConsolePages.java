package dev.warden.server.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.server.Alerts;
import dev.warden.server.Api;
import dev.warden.server.ImageStore;
import dev.warden.server.JobQueue;
import dev.warden.server.PolicyDesk;
import dev.warden.server.PolicyStore;
import dev.warden.server.Tokens;
import dev.warden.server.Transactions;
import dev.warden.server.Webhooks;
import dev.warden.server.VexDesk;
import dev.warden.server.VexStore;
import dev.warden.server.WatchRunner;
import dev.warden.server.WatchStore;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Puts the console together: its sessions, views and every page. A new page is one more line here. */
public final class ConsolePages {
    private ConsolePages() {}

    /** The server's VEX desk, policy lifecycle, watches and job queue, which the console's pages drive as the API does. */
    public record Desks(VexStore vex, VexDesk vexDesk, PolicyStore policies, PolicyDesk policyDesk, WatchStore watches, WatchRunner watchRunner,
                        JobQueue jobs) {}

    public static Console console(Transactions tx, Tokens tokens, Api api, ObjectMapper json, PrintStream log, Clock clock, Desks desks) {
        Views views = new Views();
        Sessions sessions = new Sessions(tx, new SecureRandom(), clock);
        List<ConsoleRoute> pages = new ArrayList<>();
        pages.addAll(new OverviewPage(tx, views, clock).routes());
        pages.addAll(new ImagesPage(tx, new PolicyStore(tx, json), json, views).routes());
        pages.addAll(new ImagePage(new ImageStore(tx, json), api, json, views, clock).routes());
        pages.addAll(new AlertsPage(new Alerts(tx, json), views).routes());
        pages.addAll(new AuditPage(tx, json, views).routes());
        pages.addAll(new WebhooksPage(new Webhooks(tx, json), views).routes());
        pages.addAll(new WatchesPage(desks.watches(), desks.watchRunner(), desks.jobs(), views).routes());
        pages.addAll(new TokensPage(tokens, views).routes());
        pages.addAll(new VexDeskPage(desks.vex(), desks.vexDesk(), views).routes());
        pages.addAll(new PolicyPage(desks.policies(), desks.policyDesk(), views).routes());
        return new Console(sessions, tokens, views, log, pages);
    }
}
