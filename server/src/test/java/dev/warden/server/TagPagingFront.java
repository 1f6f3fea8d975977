package dev.warden.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback front for a real docker-registry that pages its tag list as the distribution spec says ({@code n},
 * {@code last}, a {@code Link: <...>; rel="next"} header, tags in lexical order) and passes every other request
 * through unchanged. Debian's docker-registry (distribution 2.8) answers every tag in one page whatever {@code n} is
 * ({@code /tags/list?n=2} gives all of them), while registries that page (Docker Hub at 100, distribution 3, Harbor,
 * GHCR) need the pages followed; the manifests and blobs behind this front stay the real registry's.
 * {@link #refuseHead} makes it answer HEAD with 405, as some registries and proxies do.
 */
final class TagPagingFront implements AutoCloseable {
    /** Response headers a registry client reads; everything else is dropped. */
    private static final Set<String> PASSED_HEADERS = Set.of("content-type", "docker-content-digest", "location", "www-authenticate",
            "docker-distribution-api-version", "range");

    private final String upstream;
    private final int maxPage;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger tagPages = new AtomicInteger();
    private volatile boolean refuseHead;

    /** A front for the registry at {@code upstream} (host:port), answering at most {@code maxPage} tags a page. */
    TagPagingFront(String upstream, int maxPage) throws IOException {
        this.upstream = upstream;
        this.maxPage = maxPage;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** 127.0.0.1:PORT */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Pages of tag lists answered so far. */
    int tagPages() {
        return tagPages.get();
    }

    void refuseHead(boolean refuse) {
        refuseHead = refuse;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (refuseHead && exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
            } else if (exchange.getRequestMethod().equals("GET") && path.startsWith("/v2/") && path.endsWith("/tags/list")) {
                page(exchange, path);
            } else {
                pass(exchange);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void page(HttpExchange exchange, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> all = client.send(HttpRequest.newBuilder(URI.create("http://" + upstream + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (all.statusCode() != 200) {
            exchange.sendResponseHeaders(all.statusCode(), all.body().length == 0 ? -1 : all.body().length);
            exchange.getResponseBody().write(all.body());
            return;
        }
        ObjectNode list = (ObjectNode) json.readTree(all.body());
        List<String> tags = new ArrayList<>();
        list.path("tags").forEach(t -> tags.add(t.asText()));
        tags.sort(null);
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int n = Math.min(maxPage, Integer.parseInt(query.getOrDefault("n", String.valueOf(maxPage))));
        String last = query.get("last");
        List<String> after = last == null ? tags : tags.stream().filter(t -> t.compareTo(last) > 0).toList();
        List<String> page = after.subList(0, Math.min(n, after.size()));
        list.set("tags", json.valueToTree(page));
        if (after.size() > page.size()) {
            exchange.getResponseHeaders().add("Link", "<" + path + "?n=" + n + "&last="
                    + URLEncoder.encode(page.getLast(), StandardCharsets.UTF_8) + ">; rel=\"next\"");
        }
        tagPages.incrementAndGet();
        byte[] body = json.writeValueAsBytes(list);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private void pass(HttpExchange exchange) throws IOException, InterruptedException {
        URI target = URI.create("http://" + upstream + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        byte[] requestBody;
        try (InputStream in = exchange.getRequestBody()) {
            requestBody = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(2))
                .method(exchange.getRequestMethod(), requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        for (String header : List.of("Accept", "Authorization", "Content-Type")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((name, values) -> {
            if (PASSED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        boolean noBody = exchange.getRequestMethod().equals("HEAD") || response.body().length == 0;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : response.body().length);
        if (!noBody) {
            exchange.getResponseBody().write(response.body());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        client.close();
    }
}
