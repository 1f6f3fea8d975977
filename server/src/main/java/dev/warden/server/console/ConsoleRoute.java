package dev.warden.server.console;

import dev.warden.server.Role;
import io.javalin.http.HandlerType;

/**
 * One route of the console: method, path, the least role that may use it (null: open without a session, as the
 * sign-in page and the static files are) and what it does. Every POST is checked for its session's CSRF token first.
 */
public record ConsoleRoute(HandlerType method, String path, Role role, ConsoleHandler handler) {

    /** What a console route does, given the request and who is signed in (null on open routes without a session). */
    @FunctionalInterface
    public interface ConsoleHandler {
        void handle(ConsoleRequest request) throws Exception;
    }
}
