package dev.warden.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;

/**
 * Where the server says that an approved VEX statement's review date has passed: it no longer applies, and the images
 * it covered carry the finding again until the security team decides anew. Called in the transaction that marks the
 * statement expired, so the alert and the mark are written together or not at all.
 */
public interface ReviewAlerts {
    void reviewDatePassed(Connection c, VexStore.Stored statement, Collection<String> digests, Instant at) throws SQLException;

    /**
     * One {@code vex_review_passed} alert per image the statement covered ({@code GET /api/v1/alerts}), each delivered
     * to the webhooks that take that kind, as monitoring's alerts are.
     */
    static ReviewAlerts alerts(com.fasterxml.jackson.databind.ObjectMapper json) {
        return (c, statement, digests, at) -> {
            for (String digest : digests) {
                Alerts.reviewPassed(c, digest, statement.id(), statement.statement().vulnerability(),
                        statement.reviewDate() == null ? null : statement.reviewDate().toString(), json, at.toEpochMilli());
            }
        };
    }
}
