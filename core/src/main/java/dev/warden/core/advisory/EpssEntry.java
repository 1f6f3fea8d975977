package dev.warden.core.advisory;

import java.time.LocalDate;

/**
 * One FIRST EPSS score.
 *
 * @param score        probability of exploitation in the next 30 days, 0..1
 * @param percentile   0..1
 * @param modelVersion from the CSV's {@code #model_version} comment, e.g. {@code v2023.03.01}
 * @param scoreDate    from the CSV's {@code score_date} comment, may be null
 */
public record EpssEntry(String cveId, double score, double percentile, String modelVersion, LocalDate scoreDate) {}
