package dev.warden.core;

import dev.warden.core.finding.SeverityLevel;

/**
 * A secret found in one of the image's files. The secret itself is never kept: {@code match} holds its first
 * four characters and {@code *****}, so reports, logs and SBOMs cannot leak what they warn about.
 *
 * @param ruleId      stable id of the rule that matched, e.g. {@code aws-access-key-id}
 * @param category    who issued the secret, e.g. {@code AWS}, {@code GitHub}, {@code AsymmetricPrivateKey}
 * @param severity    how bad a leak of this kind is
 * @param title       what the rule finds, for people
 * @param path        the file, absolute in the image
 * @param layerDiffId diff_id of the layer that wrote the file ("" for a root filesystem)
 * @param line        1-based line of the match
 * @param match       the redacted secret: first four characters and {@code *****}
 * @param removedLater whether a later layer deleted or replaced the file: gone from the final filesystem, still in
 *                    the layer named, so still in the image for anyone who pulls it
 */
public record Secret(String ruleId, String category, SeverityLevel severity, String title, String path,
                     String layerDiffId, int line, String match, boolean removedLater) {

    /** A secret in a file of the final filesystem. */
    public Secret(String ruleId, String category, SeverityLevel severity, String title, String path, String layerDiffId,
            int line, String match) {
        this(ruleId, category, severity, title, path, layerDiffId, line, match, false);
    }
}
