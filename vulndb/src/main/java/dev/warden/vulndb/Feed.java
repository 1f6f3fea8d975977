package dev.warden.vulndb;

import java.net.URI;

/** One configured feed: a name (the key of its state), a format and where to get it. */
public record Feed(String name, FeedKind kind, URI url, boolean enabled) {}
