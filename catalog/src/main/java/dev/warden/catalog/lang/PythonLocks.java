package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;

/** What Python lock formats share: groups lists that tell development-only packages. */
final class PythonLocks {
    private PythonLocks() {}

    /** Whether a package's {@code groups} list is present and lacks the production group ({@code main}, {@code default}). */
    static boolean devOnlyGroups(JsonNode groups, String production) {
        if (groups == null || !groups.isArray() || groups.isEmpty()) {
            return false;
        }
        for (JsonNode g : groups) {
            if (production.equals(g.asText())) {
                return false;
            }
        }
        return true;
    }
}
