package dev.warden.vulndb;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.warden.vulndb.feed.Inputs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The NVD CVE API 2.0 serves at most 2,000 CVEs per request: after the first page, the rest of the
 * query is fetched with {@code startIndex}, pausing between requests as NVD asks.
 */
final class NvdPages {

    /** NVD's public limit: 5 requests in 30 s without an API key. */
    static final Duration PAUSE_WITHOUT_KEY = Duration.ofSeconds(6);
    /** 50 requests in 30 s with a key (environment variable {@code NVD_API_KEY}). */
    static final Duration PAUSE_WITH_KEY = Duration.ofMillis(600);
    /** Pages per update: 2,000,000 CVEs, several times all of NVD; more is a server gone wrong. */
    static final int MAX_PAGES = 1_000;

    /** The top-level paging fields of an API response. */
    record Paging(long totalResults, long resultsPerPage, long startIndex) {
        long nextStart() {
            return startIndex + resultsPerPage;
        }

        boolean hasMore() {
            return resultsPerPage > 0 && nextStart() < totalResults;
        }
    }

    private NvdPages() {}

    /** Paging fields read before the {@code vulnerabilities} array; empty for a mirror file without them. */
    static Optional<Paging> paging(Path file) throws IOException {
        long total = -1;
        long perPage = -1;
        long start = 0;
        try (InputStream in = Inputs.open(file); JsonParser p = Json.json().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "totalResults" -> total = p.getValueAsLong(-1);
                    case "resultsPerPage" -> perPage = p.getValueAsLong(-1);
                    case "startIndex" -> start = p.getValueAsLong(0);
                    default -> {
                        if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
                            p.skipChildren();
                        }
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return Optional.empty(); // the reader reports the broken file when it imports it
        }
        return total >= 0 && perPage >= 0 ? Optional.of(new Paging(total, perPage, start)) : Optional.empty();
    }

    /** {@code base} with its {@code startIndex} query parameter set to {@code start}. */
    static URI page(URI base, long start) {
        String query = base.getRawQuery();
        StringBuilder q = new StringBuilder();
        if (query != null) {
            for (String part : query.split("&")) {
                if (!part.isEmpty() && !part.startsWith("startIndex=")) {
                    q.append(q.isEmpty() ? "" : "&").append(part);
                }
            }
        }
        q.append(q.isEmpty() ? "" : "&").append("startIndex=").append(start);
        String s = base.toString();
        int cut = s.indexOf('?');
        return URI.create((cut < 0 ? s : s.substring(0, cut)) + "?" + q);
    }
}
