package dev.warden.vulndb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feeds {@code warden db update} fetches, and how old the database may get before Warden warns.
 * Defaults are built in; {@code <WARDEN_HOME>/db/feeds.json} overrides them:
 * <pre>{"maxAgeDays": 3, "nvdPauseMillis": 6000, "feeds": [{"name": "osv-Go", "url": "https://mirror.example/osv/Go/all.zip"},
 *  {"name": "nvd", "enabled": true}, {"name": "my-osv", "kind": "osv", "url": "file:///srv/osv/extra.zip"}]}</pre>
 */
public record FeedConfig(List<Feed> feeds, Duration maxAge, Duration nvdPause) {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    /** osv.dev's per-ecosystem exports. */
    public static final String OSV_BASE = "https://osv-vulnerabilities.storage.googleapis.com/";
    /** The OSV ecosystems fetched by default: those Warden catalogues packages of. */
    public static final List<String> OSV_ECOSYSTEMS = List.of("Debian", "Ubuntu", "Alpine", "AlmaLinux", "Rocky Linux",
            "Chainguard", "Wolfi", "Go", "PyPI", "Maven", "npm", "crates.io", "RubyGems", "NuGet", "Packagist");
    /** Alpine releases with secdb files fetched by default. */
    public static final List<String> ALPINE_RELEASES = List.of("v3.18", "v3.19", "v3.20", "v3.21", "v3.22");

    public FeedConfig {
        feeds = List.copyOf(feeds);
    }

    /** NVD asks clients to pause between API requests: 6 s without an API key, 0.6 s with {@code NVD_API_KEY}. */
    private static Duration defaultNvdPause() {
        String key = System.getenv("NVD_API_KEY");
        return key == null || key.isBlank() ? NvdPages.PAUSE_WITHOUT_KEY : NvdPages.PAUSE_WITH_KEY;
    }

    public static FeedConfig defaults() {
        List<Feed> feeds = new ArrayList<>();
        for (String eco : OSV_ECOSYSTEMS) {
            feeds.add(new Feed("osv-" + eco.replace(' ', '-'), FeedKind.OSV,
                    URI.create(OSV_BASE + URLEncoder.encode(eco, StandardCharsets.UTF_8).replace("+", "%20") + "/all.zip"), true));
        }
        feeds.add(new Feed("debian-tracker", FeedKind.DEBIAN_TRACKER, URI.create("https://security-tracker.debian.org/tracker/data/json"), true));
        for (String release : ALPINE_RELEASES) {
            for (String repo : List.of("main", "community")) {
                feeds.add(new Feed("alpine-" + release + "-" + repo, FeedKind.ALPINE_SECDB,
                        URI.create("https://secdb.alpinelinux.org/" + release + "/" + repo + ".json"), true));
            }
        }
        feeds.add(new Feed("kev", FeedKind.KEV, URI.create("https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"), true));
        feeds.add(new Feed("epss", FeedKind.EPSS, URI.create("https://epss.empiricalsecurity.com/epss_scores-current.csv.gz"), true));
        // Off by default: the API serves 2,000 CVEs per request (all of NVD is ~150 requests, 15 minutes
        // at the keyless rate); enable it, with NVD_API_KEY, or point it at a mirror file of API 2.0 JSON.
        feeds.add(new Feed("nvd", FeedKind.NVD, URI.create("https://services.nvd.nist.gov/rest/json/cves/2.0"), false));
        return new FeedConfig(feeds, DEFAULT_MAX_AGE, defaultNvdPause());
    }

    /** Defaults, overridden by {@code file} when it exists. */
    public static FeedConfig load(Path file) {
        FeedConfig defaults = defaults();
        if (file == null || !Files.isRegularFile(file)) {
            return defaults;
        }
        JsonNode root;
        try {
            root = Json.json().readTree(file.toFile());
        } catch (IOException e) {
            throw new WardenException("cannot read feed configuration " + file + ": " + e.getMessage(), e);
        }
        Map<String, Feed> feeds = new LinkedHashMap<>();
        defaults.feeds().forEach(f -> feeds.put(f.name(), f));
        for (JsonNode f : root.path("feeds")) {
            String name = f.path("name").asText("");
            if (name.isBlank()) {
                throw new WardenException(file + ": a feed without a name");
            }
            Feed base = feeds.get(name);
            FeedKind kind = f.hasNonNull("kind") ? FeedKind.parse(f.get("kind").asText()) : base == null ? null : base.kind();
            if (kind == null) {
                throw new WardenException(file + ": feed '" + name + "' is new and needs a 'kind'");
            }
            URI url;
            try {
                url = f.hasNonNull("url") ? URI.create(f.get("url").asText()) : base == null ? null : base.url();
            } catch (IllegalArgumentException e) {
                throw new WardenException(file + ": feed '" + name + "' has an invalid url: " + e.getMessage());
            }
            if (url == null) {
                throw new WardenException(file + ": feed '" + name + "' is new and needs a 'url'");
            }
            boolean enabled = f.has("enabled") ? f.get("enabled").asBoolean() : base == null || base.enabled();
            feeds.put(name, new Feed(name, kind, url, enabled));
        }
        Duration maxAge = root.has("maxAgeDays") ? Duration.ofDays(root.get("maxAgeDays").asLong()) : defaults.maxAge();
        Duration nvdPause = root.has("nvdPauseMillis") ? Duration.ofMillis(root.get("nvdPauseMillis").asLong()) : defaults.nvdPause();
        return new FeedConfig(new ArrayList<>(feeds.values()), maxAge, nvdPause);
    }
}
