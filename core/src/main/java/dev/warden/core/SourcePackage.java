package dev.warden.core;

/** The source package an OS binary package was built from (dpkg Source:, apk origin, rpm SOURCERPM). */
public record SourcePackage(String name, String version) {}
