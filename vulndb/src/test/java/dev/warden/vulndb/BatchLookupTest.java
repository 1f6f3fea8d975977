package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.advisory.NvdEntry;
import dev.warden.vulndb.feed.FeedFormats;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batched enrichment lookups (one {@code IN (...)} query per 500 ids) give exactly what the per-id
 * lookups give, on real imported feeds: the shipped KEV snapshot (over 500 entries, so several chunks),
 * the EPSS sample and an NVD API page, asked together with ids no feed has.
 */
class BatchLookupTest {

    @Test
    void batchLookupsEqualPerIdLookups(@TempDir Path tmp) throws IOException {
        Path kev = tmp.resolve("kev.json.gz");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("snapshot/kev.json.gz")) {
            Files.copy(in, kev);
        }
        Path epss = TestFeeds.resource("epss-sample.csv", tmp);
        Path nvd = TestFeeds.resource("nvd-api2-full-page.json", tmp);
        List<String> ids = new ArrayList<>();
        ids.addAll(idsIn(FeedKind.KEV, kev));
        ids.addAll(idsIn(FeedKind.EPSS, epss));
        ids.addAll(idsIn(FeedKind.NVD, nvd));
        assertThat(ids.size()).isGreaterThan(1_000);
        // absent from every feed, and one asked twice
        ids.addAll(List.of("CVE-1900-0001", "CVE-2099-99999", "GHSA-xxxx-xxxx-xxxx", ids.get(0)));

        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            TestFeeds.load(store, "kev", FeedKind.KEV, kev);
            TestFeeds.load(store, "epss", FeedKind.EPSS, epss);
            TestFeeds.load(store, "nvd", FeedKind.NVD, nvd);

            Map<String, KevEntry> kevs = store.kevs(ids);
            Map<String, EpssEntry> scores = store.epssScores(ids);
            Map<String, NvdEntry> nvds = store.nvds(ids);
            assertThat(kevs).isEqualTo(perId(ids, store::kev)).isNotEmpty().doesNotContainKey("CVE-1900-0001");
            assertThat(scores).isEqualTo(perId(ids, store::epss)).isNotEmpty().doesNotContainKey("CVE-2099-99999");
            assertThat(nvds).isEqualTo(perId(ids, store::nvd)).isNotEmpty().doesNotContainKey("GHSA-xxxx-xxxx-xxxx");
            assertThat(store.kevs(List.of())).isEmpty();
        }
    }

    private static <T> Map<String, T> perId(List<String> ids, Function<String, Optional<T>> one) {
        Map<String, T> out = new LinkedHashMap<>();
        ids.forEach(id -> one.apply(id).ifPresent(e -> out.put(id, e)));
        return out;
    }

    /** The CVE ids a feed file holds, read by its real reader. */
    private static List<String> idsIn(FeedKind kind, Path file) throws IOException {
        List<String> ids = new ArrayList<>();
        FeedFormats.reader(kind).read(file, new RecordSink() {
            @Override public void advisory(Advisory advisory, String origin) {}
            @Override public void kev(KevEntry entry) { ids.add(entry.cveId()); }
            @Override public void epss(EpssEntry entry) { ids.add(entry.cveId()); }
            @Override public void nvd(NvdEntry entry) { ids.add(entry.cveId()); }
            @Override public void warn(String message) {}
        });
        return ids;
    }
}
