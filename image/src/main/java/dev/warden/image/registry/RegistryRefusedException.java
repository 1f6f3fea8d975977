package dev.warden.image.registry;

import dev.warden.core.WardenException;

/**
 * A registry refused a request (HTTP 401 or 403). The message is the CLI's (it names {@code docker login} and
 * {@code --username}); the fields let a caller that takes credentials another way (the server's watches, by reference)
 * say how to give them there.
 */
public final class RegistryRefusedException extends WardenException {
    private final String what;
    private final String registry;
    private final int status;
    private final boolean credentialsGiven;

    RegistryRefusedException(String message, String what, String registry, int status, boolean credentialsGiven) {
        super(message);
        this.what = what;
        this.registry = registry;
        this.status = status;
        this.credentialsGiven = credentialsGiven;
    }

    /** The same refusal with {@code detail} (what the registry said) after the message. */
    public RegistryRefusedException withDetail(String detail) {
        return new RegistryRefusedException(getMessage() + detail, what, registry, status, credentialsGiven);
    }

    /** What was being done, e.g. {@code registry.example.com/shop/app: tag list}. */
    public String what() {
        return what;
    }

    public String registry() {
        return registry;
    }

    /** 401 or 403. */
    public int status() {
        return status;
    }

    /** Whether the request carried credentials (then they were wrong, or lack the right). */
    public boolean credentialsGiven() {
        return credentialsGiven;
    }
}
