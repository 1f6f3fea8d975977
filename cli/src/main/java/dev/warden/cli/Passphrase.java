package dev.warden.cli;

import dev.warden.core.WardenException;
import java.io.Console;
import java.util.Arrays;
import java.util.Map;

/**
 * The passphrase of a private key: {@code WARDEN_PASSWORD} (as cosign reads {@code COSIGN_PASSWORD}), else asked on
 * the terminal; with neither there is no way to ask, which is an error rather than an unencrypted key.
 */
final class Passphrase {
    static final String ENV = "WARDEN_PASSWORD";

    private Passphrase() {}

    static char[] read(Map<String, String> env, Console console, String keyFile, boolean confirm) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null) {
            return fromEnv.toCharArray();
        }
        if (console == null) {
            throw new WardenException(keyFile + ": no passphrase: set " + ENV + " (no terminal to ask on)");
        }
        char[] first = console.readPassword("Passphrase for %s: ", keyFile);
        if (first == null) {
            throw new WardenException(keyFile + ": no passphrase given");
        }
        if (confirm) {
            char[] again = console.readPassword("Passphrase again: ");
            if (again == null || !Arrays.equals(first, again)) {
                throw new WardenException(keyFile + ": the passphrases differ");
            }
        }
        return first;
    }
}
