package dev.warden.server.console;

import dev.warden.server.Role;

/**
 * What the layout around every page needs: the page's title, which navigation entry is current, and who is signed
 * in (null on the sign-in and error pages before sign-in), for the menu, the role shown and the sign-out form's CSRF.
 */
public record Frame(String title, String section, Sessions.Session session) {

    public boolean signedIn() {
        return session != null;
    }

    public String who() {
        return session == null ? "" : session.principal().name();
    }

    public String role() {
        return session == null ? "" : session.principal().role().id();
    }

    public String csrf() {
        return session == null ? "" : session.csrf();
    }

    /** Whether the signed-in token has at least this role: what it may not do is not offered. */
    public boolean can(Role role) {
        return session != null && session.can(role);
    }

    public boolean current(String name) {
        return name.equals(section);
    }
}
