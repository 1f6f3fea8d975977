package dev.warden.core.advisory;

import java.time.LocalDate;

/** One CISA Known Exploited Vulnerabilities catalogue entry. */
public record KevEntry(
        String cveId,
        String vendorProject,
        String product,
        String vulnerabilityName,
        LocalDate dateAdded,
        LocalDate dueDate,
        String requiredAction,
        String knownRansomwareCampaignUse,
        String notes) {}
