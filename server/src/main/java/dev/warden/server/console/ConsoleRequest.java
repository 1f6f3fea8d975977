package dev.warden.server.console;

import io.javalin.http.Context;
import java.util.Map;

/**
 * A console request as a handler sees it: Javalin's context, the session (null on open routes when nobody is signed
 * in) and, for a POST, its form fields (already checked for size and CSRF).
 */
public record ConsoleRequest(Context ctx, Sessions.Session session, Map<String, String> form) {

    public ConsoleRequest {
        form = Map.copyOf(form);
    }

    /** A form field, null when absent. */
    public String field(String name) {
        return form.get(name);
    }

    /** A query parameter, blank treated as absent, cut to the filter limit. */
    public String query(String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        v = v.strip();
        return v.length() > ConsoleLimits.MAX_FILTER_CHARS ? v.substring(0, ConsoleLimits.MAX_FILTER_CHARS) : v;
    }

    /** The {@code offset} query parameter of a paged listing: 0 when absent. */
    public int offset() {
        String text = query("offset");
        int offset;
        try {
            offset = text == null ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ConsoleProblem.badRequest("offset must be a whole number.");
        }
        if (offset < 0) {
            throw ConsoleProblem.badRequest("offset must not be negative.");
        }
        return offset;
    }
}
