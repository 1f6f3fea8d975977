package dev.warden.server;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends the webhook outbox: every {@link Timings#sendEvery} (and at once when poked) it claims due deliveries with a
 * lease, POSTs each body with {@code X-Warden-Event}, {@code X-Warden-Delivery} and {@code X-Warden-Signature:
 * sha256=<hex HMAC-SHA256 of the body, keyed with the webhook's secret>}, and records the outcome: delivered on a
 * 2xx answer, else retried after an exponential backoff ({@link Timings#firstRetry} doubled each time, at most
 * {@link Timings#maxRetry}) until {@link #MAX_ATTEMPTS}, then failed. Redirects are not followed (a signed body must
 * go where it was addressed). Several replicas share the outbox: each delivery is claimed by one at a time.
 */
public final class WebhookSender implements AutoCloseable {
    /** Attempts before a delivery is marked failed: with the default backoff, about 4 hours of retrying. */
    public static final int MAX_ATTEMPTS = 10;
    /** Deliveries claimed per round. */
    static final int CLAIM_BATCH = 20;
    /** Longest error text kept per attempt. */
    static final int MAX_ERROR_CHARS = 500;

    /** How often the outbox is read, how long a delivery may take, and the retry backoff. */
    public record Timings(Duration sendEvery, Duration requestTimeout, Duration firstRetry, Duration maxRetry, Duration lease) {
        public static final Timings DEFAULT = new Timings(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofHours(1), Duration.ofMinutes(2));
    }

    private final Webhooks webhooks;
    private final Timings timings;
    private final String owner;
    private final PrintStream log;
    private final HttpClient http;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean running = new AtomicBoolean();

    public WebhookSender(Webhooks webhooks, Timings timings, String owner, PrintStream log) {
        this.webhooks = webhooks;
        this.timings = timings;
        this.owner = owner;
        this.log = log;
        this.httpExecutor = Executors.newVirtualThreadPerTaskExecutor();
        // HTTP/1.1: a delivery is one POST, and on plain http the JDK would otherwise offer every receiver an h2c upgrade
        // (Connection: Upgrade, HTTP2-Settings) that WSGI servers and proxies in front of receivers handle badly
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpExecutor).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-webhooks");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::round, timings.sendEvery().toMillis(), timings.sendEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends what is due now, without waiting for the next round (after alerts were written). */
    public void poke() {
        scheduler.execute(this::round);
    }

    private void round() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            while (true) {
                long now = System.currentTimeMillis();
                List<Webhooks.Outgoing> due = webhooks.claimDue(owner, now, now + timings.lease().toMillis(), CLAIM_BATCH);
                if (due.isEmpty()) {
                    return;
                }
                for (Webhooks.Outgoing d : due) {
                    send(d);
                }
            }
        } catch (RuntimeException e) {
            // the database is away (PostgreSQL restarting): the next round tries again
            log.println("warden serve: webhook deliveries paused: " + e.getMessage());
        } finally {
            running.set(false);
        }
    }

    private void send(Webhooks.Outgoing d) {
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        Integer status = null;
        String error = null;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(d.url())).timeout(timings.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Warden-Webhook")
                    .header("X-Warden-Event", d.event())
                    .header("X-Warden-Delivery", d.id())
                    .header("X-Warden-Signature", "sha256=" + sign(d.secret(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            if (status < 200 || status > 299) {
                error = "the receiver answered HTTP " + status;
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            error = describe(e, URI.create(d.url()), timings.requestTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        long now = System.currentTimeMillis();
        int attempts = d.attempts() + 1;
        boolean delivered = error == null;
        boolean giveUp = !delivered && attempts >= MAX_ATTEMPTS;
        long next = delivered || giveUp ? now : now + backoff(attempts).toMillis();
        webhooks.attempted(d.id(), owner, delivered, giveUp, status, error == null ? null : truncate(error), now, next);
    }

    /**
     * One line for the delivery log saying why a request got no answer. The JDK's client often throws with no message
     * (a refused connection is {@code ConnectException: null}), so the reason is named from the exception's kind and
     * the first message found along its causes.
     */
    static String describe(Exception e, URI url, Duration timeout) {
        String where = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        String seconds = timeout.toSeconds() + " s";
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "could not connect to " + where + " within " + seconds;
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer from " + where + " within " + seconds;
        }
        String reason = null;
        Throwable kind = e;
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException || t instanceof java.net.ConnectException || t instanceof javax.net.ssl.SSLException) {
                kind = t;
            }
            if (reason == null && t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
        }
        if (kind instanceof java.net.UnknownHostException) {
            return "unknown host " + url.getHost();
        }
        if (kind instanceof java.net.ConnectException) {
            return "cannot connect to " + where + " (" + (reason == null ? "connection refused" : reason) + ")";
        }
        if (kind instanceof javax.net.ssl.SSLException) {
            return "TLS with " + where + " failed" + (reason == null ? "" : ": " + reason);
        }
        return "request to " + where + " failed: " + (reason == null ? e.getClass().getSimpleName() : reason);
    }

    /** firstRetry × 2^(attempts-1), at most maxRetry. */
    Duration backoff(int attempts) {
        long first = timings.firstRetry().toMillis();
        long wait = first << Math.min(attempts - 1, 30);
        return Duration.ofMillis(Math.min(wait < 0 ? Long.MAX_VALUE : wait, timings.maxRetry().toMillis()));
    }

    /** Hex HMAC-SHA256 of {@code body} keyed with {@code secret} (UTF-8). */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String truncate(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() > MAX_ERROR_CHARS ? oneLine.substring(0, MAX_ERROR_CHARS) : oneLine;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
        httpExecutor.shutdownNow();
    }
}
