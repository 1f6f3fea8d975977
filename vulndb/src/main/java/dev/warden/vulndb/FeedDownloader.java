package dev.warden.vulndb;

import dev.warden.core.WardenException;
import dev.warden.vulndb.store.FeedState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads one feed file, conditionally: the ETag and Last-Modified of the previous import go out as
 * If-None-Match / If-Modified-Since, and a 304 means "nothing to import". {@code file:} URLs (a local
 * mirror) are copied. Bodies are bounded by {@link Limits#MAX_FEED_FILE_BYTES}.
 */
public final class FeedDownloader {

    /** Whole-request timeout: the largest feeds are a few hundred MB. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    /** Reports bytes received and the total when the server said it (else -1). */
    @FunctionalInterface
    public interface Progress {
        void bytes(long received, long total);
    }

    /**
     * @param file null when not modified
     */
    public record Download(boolean notModified, Path file, String etag, String lastModified, String sha256) {}

    private final HttpClient client;
    private final String nvdApiKey;

    /** @param nvdApiKey sent as NVD's {@code apiKey} header, and only to nvd.nist.gov; null for none */
    public FeedDownloader(HttpClient client, String nvdApiKey) {
        this.client = client;
        this.nvdApiKey = nvdApiKey == null || nvdApiKey.isBlank() ? null : nvdApiKey.trim();
    }

    /** A client that follows redirects, with the NVD API key from the environment variable {@code NVD_API_KEY}. */
    public static FeedDownloader withDefaultClient() {
        return new FeedDownloader(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(CONNECT_TIMEOUT).build(), System.getenv("NVD_API_KEY"));
    }

    /** Fetches {@code uri} into {@code target} (replaced only when the download completes). */
    public Download fetch(URI uri, FeedState previous, Path target, Progress progress) {
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            Path source = Path.of(uri);
            try (InputStream in = Files.newInputStream(source)) {
                return new Download(false, target, null, null, save(in, Files.size(source), target, uri, progress));
            } catch (IOException e) {
                throw new WardenException("cannot read feed " + uri + ": " + cause(e), e);
            }
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new WardenException("feed URL " + uri + ": only https, http and file URLs are supported");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("User-Agent", "warden-vulndb");
        if (nvdApiKey != null && uri.getHost() != null && uri.getHost().endsWith("nvd.nist.gov")) {
            request.header("apiKey", nvdApiKey);
        }
        if (previous != null && uri.toString().equals(previous.location())) {
            if (previous.etag() != null) {
                request.header("If-None-Match", previous.etag());
            }
            if (previous.lastModified() != null) {
                request.header("If-Modified-Since", previous.lastModified());
            }
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new WardenException("cannot reach " + uri.getHost() + " for " + uri + ": " + cause(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException("download of feed " + uri + " interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() == 304) {
                return new Download(true, null, previous.etag(), previous.lastModified(), previous.sha256());
            }
            if (response.statusCode() != 200) {
                throw new WardenException("cannot download feed " + uri + ": HTTP " + response.statusCode());
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (total > Limits.MAX_FEED_FILE_BYTES) {
                throw new WardenException("feed " + uri + " is " + total + " bytes, more than the limit of " + Limits.MAX_FEED_FILE_BYTES);
            }
            String sha = save(body, total, target, uri, progress);
            return new Download(false, target, response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null), sha);
        } catch (IOException e) {
            throw new WardenException("download of feed " + uri + " failed: " + cause(e), e);
        }
    }

    /**
     * What went wrong, in words: the JDK's network exceptions often carry no message (a refused connection, an
     * unresolvable host inside a ConnectException), and "null" tells a user nothing.
     */
    static String cause(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) { // the HttpClient wraps an unresolvable host in a ConnectException
            if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "host not found (no DNS, or no network)";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String kind = switch (t) {
                case java.net.http.HttpConnectTimeoutException u -> "connection timed out";
                case java.net.http.HttpTimeoutException u -> "no answer in " + REQUEST_TIMEOUT.toSeconds() + " s";
                case java.net.ConnectException c -> c.getMessage() == null ? "connection refused or network unreachable"
                        : c.getMessage();
                case java.nio.file.NoSuchFileException n -> "no such file " + n.getFile();
                default -> null;
            };
            if (kind != null) {
                return kind;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    private static String save(InputStream in, long total, Path target, URI uri, Progress progress) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long received = 0;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                received += n;
                if (received > Limits.MAX_FEED_FILE_BYTES) {
                    throw new WardenException("feed " + uri + " is larger than the limit of " + Limits.MAX_FEED_FILE_BYTES + " bytes");
                }
                out.write(buffer, 0, n);
                progress.bytes(received, total);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        if (total >= 0 && received != total) {
            Files.deleteIfExists(partial);
            throw new WardenException("download of feed " + uri + " truncated: " + received + " of " + total + " bytes");
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return HexFormat.of().formatHex(sha.digest());
    }
}
