package dev.warden.core.advisory;

import java.time.Instant;
import java.util.List;

/** What Warden keeps of an NVD CVE record: its English description and CVSS metrics, for enrichment only. */
public record NvdEntry(String cveId, String description, Instant published, Instant lastModified, List<Severity> severities) {
    public NvdEntry {
        severities = List.copyOf(severities);
    }
}
