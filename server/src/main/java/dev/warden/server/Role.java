package dev.warden.server;

import dev.warden.core.WardenException;
import io.javalin.security.RouteRole;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a token may do; each role may do everything the roles before it may. */
public enum Role implements RouteRole {
    VIEWER, DEVELOPER, SECURITY, ADMIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Role required) {
        return compareTo(required) >= 0;
    }

    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.id().equals(text)) {
                return r;
            }
        }
        throw new WardenException("unknown role '" + text + "': expected one of "
                + Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", ")));
    }
}
