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

    /** The alert as an audit log entry ({@code alert.vex-review}, object the statement), listed by {@code /api/v1/audit?type=vex}. */
    static ReviewAlerts auditLog() {
        return (c, statement, digests, at) -> {
            var after = new java.util.LinkedHashMap<String, Object>();
            after.put("kind", "vex-review-date-passed");
            after.put("vulnerability", statement.statement().vulnerability());
            after.put("reviewDate", statement.reviewDate() == null ? null : statement.reviewDate().toString());
            after.put("digests", java.util.List.copyOf(digests));
            try {
                AuditLog.record(c, VexDesk.SERVER_ACTOR, "alert.vex-review", "vex", statement.id(), null, ServerJson.mapper().writeValueAsString(after));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
