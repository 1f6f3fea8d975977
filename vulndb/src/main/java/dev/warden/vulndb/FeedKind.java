package dev.warden.vulndb;

import java.util.Locale;

/** The feed formats Warden reads. {@link #source()} is what ends up in {@code Advisory.source()}. */
public enum FeedKind {
    OSV("osv"),
    DEBIAN_TRACKER("debian-tracker"),
    ALPINE_SECDB("alpine-secdb"),
    NVD("nvd"),
    KEV("kev"),
    EPSS("epss");

    private final String source;

    FeedKind(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    /** Accepts {@code osv}, {@code debian-tracker}, {@code DEBIAN_TRACKER}... */
    public static FeedKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (FeedKind kind : values()) {
            if (kind.source.equals(t)) {
                return kind;
            }
        }
        throw new dev.warden.core.WardenException("unknown feed format '" + text
                + "': expected one of osv, debian-tracker, alpine-secdb, nvd, kev, epss");
    }
}
