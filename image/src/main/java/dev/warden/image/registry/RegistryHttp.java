package dev.warden.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * GET requests to registries and their token servers over {@code java.net.http}: picks HTTPS or (for loopback
 * and insecure hosts only) plain HTTP, follows redirects itself so credentials never leave the origin that asked
 * for them, and retries 429/5xx and broken connections with backoff, honouring Retry-After.
 */
final class RegistryHttp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "warden (+https://github.com/warden-dev/warden)";

    private final HttpClient client;
    private final RetryPolicy retry;
    private final Set<String> insecureRegistries;

    RegistryHttp(RetryPolicy retry, Set<String> insecureRegistries) {
        this.retry = retry;
        this.insecureRegistries = Set.copyOf(insecureRegistries);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(RegistryLimits.CONNECT_TIMEOUT)
                .build();
    }

    /** An Authorization header value; {@code secret} ones carry the user's credentials or a token made from them. */
    record Authorization(String header, boolean secret) {
        @Override
        public String toString() {
            return "Authorization[****]";
        }
    }

    RetryPolicy retry() {
        return retry;
    }

    /** Loopback hosts and the ones the user named are spoken to over plain HTTP; everything else over HTTPS. */
    boolean plainHttp(String hostPort) {
        return Hosts.isLoopback(hostPort) || insecureRegistries.contains(hostPort)
                || insecureRegistries.contains(Hosts.hostOnly(hostPort));
    }

    URI baseUri(String hostPort) {
        return URI.create((plainHttp(hostPort) ? "http://" : "https://") + hostPort);
    }

    /** Whether secrets may travel to {@code uri}: over TLS, or to this machine. */
    static boolean mayCarrySecrets(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) || Hosts.isLoopback(hostPort(uri));
    }

    static String hostPort(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /**
     * GETs {@code uri}, following redirects and retrying what can be retried. Returns the final response, whatever
     * its status, with its body unread; throws a WardenException naming {@code what} when the host cannot be reached
     * or keeps failing. {@code authorization} (nullable) is sent only to {@code uri}'s own origin.
     */
    HttpResponse<InputStream> get(URI uri, String accept, Authorization authorization, String what) throws IOException {
        long deadline = System.nanoTime() + retry.maxTotal().toNanos();
        for (int attempt = 1;; attempt++) {
            HttpResponse<InputStream> response;
            try {
                response = followRedirects(uri, accept, authorization, what, deadline);
            } catch (IOException e) {
                Duration wait = retry.backoff(attempt + 1);
                if (!retryable(e) || attempt >= retry.maxAttempts() || wait.compareTo(remaining(deadline)) >= 0) {
                    throw connectionFailure(e, uri, what, attempt);
                }
                pause(wait);
                continue;
            }
            int status = response.statusCode();
            if (status != 429 && status != 500 && status != 502 && status != 503 && status != 504) {
                return response;
            }
            String detail = errorDetail(response);
            if (attempt >= retry.maxAttempts()) {
                throw new WardenException(what + ": " + hostPort(uri) + " answered HTTP " + status + detail + " "
                        + attempt + " times; giving up");
            }
            Duration wait = retryAfter(response).map(retry::capRetryAfter).orElse(retry.backoff(attempt + 1));
            if (wait.compareTo(remaining(deadline)) >= 0) {
                throw new WardenException(what + ": " + hostPort(uri) + " answered HTTP " + status + detail + " " + attempt
                        + " time" + (attempt == 1 ? "" : "s") + "; waiting " + wait.toSeconds() + " s more would pass the limit of "
                        + retry.maxTotal().toSeconds() + " s per request; giving up");
            }
            pause(wait);
        }
    }

    /**
     * Sends one write ({@code PUT}, {@code POST}) of {@code body} to {@code uri}, without redirects or retries (a
     * repeated upload is not always harmless); the response whatever its status, body unread.
     */
    HttpResponse<InputStream> send(String method, URI uri, String contentType, byte[] body, Authorization authorization,
            String what) throws IOException {
        return once(method, uri, contentType, null, body, authorization, what);
    }

    /**
     * Sends one {@code HEAD} to {@code uri}, without redirects or retries: its callers fall back to a GET, which has
     * both. The response whatever its status.
     */
    HttpResponse<InputStream> head(URI uri, String accept, Authorization authorization, String what) throws IOException {
        return once("HEAD", uri, null, accept, null, authorization, what);
    }

    private HttpResponse<InputStream> once(String method, URI uri, String contentType, String accept, byte[] body,
            Authorization authorization, String what) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(RegistryLimits.RESPONSE_TIMEOUT)
                .header("User-Agent", USER_AGENT);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (authorization != null) {
            if (authorization.secret() && !mayCarrySecrets(uri)) {
                throw new WardenException(what + ": refusing to send credentials over plain HTTP to " + hostPort(uri)
                        + " (only loopback hosts may get them without TLS)");
            }
            request.header("Authorization", authorization.header());
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while talking to " + hostPort(uri));
        } catch (IllegalArgumentException e) {
            throw new WardenException(what + ": invalid request to " + Messages.clip(uri.toString()) + ": " + Messages.clip(e.getMessage()));
        } catch (IOException e) {
            throw connectionFailure(e, uri, what, 1);
        }
    }

    private HttpResponse<InputStream> followRedirects(URI start, String accept, Authorization authorization, String what,
            long deadline) throws IOException {
        URI uri = start;
        for (int hop = 0;; hop++) {
            Duration left = remaining(deadline);
            if (left.isZero()) {
                throw new HttpTimeoutException("the request's time limit passed");
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                    .timeout(left.compareTo(RegistryLimits.RESPONSE_TIMEOUT) < 0 ? left : RegistryLimits.RESPONSE_TIMEOUT)
                    .header("User-Agent", USER_AGENT);
            if (accept != null) {
                request.header("Accept", accept);
            }
            if (authorization != null && sameOrigin(uri, start)) {
                if (authorization.secret() && !mayCarrySecrets(uri)) {
                    throw new WardenException(what + ": refusing to send credentials over plain HTTP to " + hostPort(uri)
                            + " (only loopback hosts may get them without TLS)");
                }
                request.header("Authorization", authorization.header());
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), IdleTimeoutBody.handler(retry.readIdleTimeout()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while talking to " + hostPort(uri));
            } catch (IllegalArgumentException e) {
                throw new WardenException(what + ": invalid request to " + Messages.clip(uri.toString()) + ": " + Messages.clip(e.getMessage()));
            }
            int status = response.statusCode();
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                return response;
            }
            response.body().close();
            if (hop >= RegistryLimits.MAX_REDIRECTS) {
                throw new WardenException(what + ": more than " + RegistryLimits.MAX_REDIRECTS + " redirects from " + hostPort(start));
            }
            String location = response.headers().firstValue("Location")
                    .orElseThrow(() -> new WardenException(what + ": redirect without a Location from " + hostPort(start)));
            URI next = resolve(uri, location, what);
            if ("https".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())
                    && !plainHttp(hostPort(next))) {
                throw new WardenException(what + ": refusing a redirect from HTTPS to plain HTTP (" + Messages.clip(hostPort(next)) + ")");
            }
            uri = next;
        }
    }

    private static URI resolve(URI base, String location, String what) {
        URI next;
        try {
            next = base.resolve(URI.create(location));
        } catch (IllegalArgumentException e) {
            throw new WardenException(what + ": invalid redirect location '" + Messages.clip(location) + "'");
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || next.getHost() == null) {
            throw new WardenException(what + ": unsupported redirect location '" + Messages.clip(location) + "'");
        }
        return next;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static boolean retryable(IOException e) {
        if (e instanceof SSLException || e instanceof InterruptedIOException && !(e instanceof HttpTimeoutException)) {
            return false;
        }
        return !(e instanceof ConnectException && unresolved(e));
    }

    private static boolean unresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private WardenException connectionFailure(IOException e, URI uri, String what, int attempts) {
        String host = hostPort(uri);
        String tries = attempts > 1 ? " (" + attempts + " attempts)" : "";
        String reason;
        if (e instanceof SSLException) {
            reason = "TLS with " + host + " failed: " + Messages.clip(e.getMessage())
                    + (plainHttp(host) ? "" : " (a registry without TLS needs --insecure-registry " + host + ")");
        } else if (unresolved(e)) {
            reason = "unknown host " + host;
        } else if (e instanceof HttpConnectTimeoutException) {
            reason = "cannot connect to " + host + ": timed out" + tries;
        } else if (e instanceof ConnectException) {
            reason = "cannot connect to " + host + ": " + (e.getMessage() == null ? "connection refused" : Messages.clip(e.getMessage())) + tries;
        } else if (e instanceof HttpTimeoutException) {
            reason = host + " did not answer in time (" + attempts + " attempt" + (attempts == 1 ? "" : "s")
                    + ", at most " + RegistryLimits.RESPONSE_TIMEOUT.toSeconds() + " s each and " + retry.maxTotal().toSeconds()
                    + " s in all)";
        } else if (e instanceof InterruptedIOException) {
            reason = "interrupted";
        } else {
            reason = "connection to " + host + " failed: " + Messages.clip(Objects.toString(e.getMessage(), e.getClass().getSimpleName())) + tries;
        }
        return new WardenException(what + ": " + reason, e);
    }

    /** Time left until {@code deadline} (a System.nanoTime value), zero once it has passed. */
    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    void pause(Duration wait) throws InterruptedIOException {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    /** Retry-After as delay-seconds or an HTTP date (RFC 9110 section 10.2.3); empty when absent or unreadable. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(RegistryHttp::parseRetryAfter);
    }

    static Optional<Duration> parseRetryAfter(String value) {
        String v = value.trim();
        if (v.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Optional.of(Duration.between(ZonedDateTime.now(when.getZone()), when));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * " (CODE: message)" from a distribution error body ({"errors":[{"code","message"}]}), or "" when the body
     * says nothing usable. Consumes and closes the body.
     */
    static String errorDetail(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(RegistryLimits.MAX_ERROR_BODY_BYTES);
            JsonNode first = JSON.readTree(body).path("errors").path(0);
            String code = first.path("code").asText("");
            String message = first.path("message").asText("");
            if (code.isEmpty() && message.isEmpty()) {
                return "";
            }
            return " (" + Messages.clip(code + (code.isEmpty() || message.isEmpty() ? "" : ": ") + message) + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
