package dev.warden.core;

import java.util.List;

/**
 * The outcome of secret scanning for one image. {@code scanned} false means no one looked (an SBOM read back,
 * or the scan was not asked for): then "no secrets" proves nothing, and policies say "no data".
 *
 * @param scanned whether the image's files were scanned for secrets
 * @param secrets what was found, ordered by path, line, rule
 */
public record SecretScan(boolean scanned, List<Secret> secrets) {
    public static final SecretScan NOT_SCANNED = new SecretScan(false, List.of());

    public SecretScan {
        secrets = List.copyOf(secrets);
    }
}
