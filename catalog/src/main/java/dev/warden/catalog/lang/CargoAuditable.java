package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * The dependency list {@code cargo auditable} embeds in a Rust binary: the ELF section {@code .dep-v0} holds
 * zlib-compressed JSON {@code {"packages":[{"name","version","source","kind","dependencies","root"}]}}
 * (format of the rust-secure-code/cargo-auditable project's {@code auditable-serde}).
 */
final class CargoAuditable {
    private CargoAuditable() {}

    /** One crate as the section lists it; {@code source} is crates.io, local, git, registry or other. */
    record Crate(String name, String version, String source, String kind, boolean root) {}

    static List<Crate> parse(byte[] compressed, String where) throws IOException {
        byte[] json;
        try {
            json = Bounded.readAll(new InflaterInputStream(new ByteArrayInputStream(compressed)),
                    BinaryLimits.MAX_CARGO_AUDIT_JSON_BYTES, where + ": .dep-v0 section decompressed");
        } catch (ZipException e) {
            throw new WardenException(where + ": .dep-v0 section is not zlib data (" + e.getMessage() + ")");
        } catch (EOFException e) {
            throw new WardenException(where + ": .dep-v0 section's zlib data ends early");
        }
        JsonNode packages = Json.read(new ByteArrayInputStream(json), BinaryLimits.MAX_CARGO_AUDIT_JSON_BYTES, where).get("packages");
        if (packages == null || !packages.isArray()) {
            throw new WardenException(where + ": .dep-v0 section has no packages array");
        }
        List<Crate> crates = new ArrayList<>();
        for (JsonNode p : packages) {
            String name = Json.text(p, "name");
            String version = Json.text(p, "version");
            if (name == null || version == null) {
                continue; // the format requires both; an entry without them names nothing
            }
            String kind = Json.text(p, "kind");
            crates.add(new Crate(name, version, Json.text(p, "source"), kind == null ? "runtime" : kind,
                    p.path("root").asBoolean(false)));
        }
        return crates;
    }
}
