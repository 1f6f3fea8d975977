package dev.warden.image.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A registry user name and password (or identity token used as password). */
record Credentials(String username, String password) {
    String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", ****]";
    }
}
