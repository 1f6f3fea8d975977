package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/** {@link CargoAuditable} on a {@code .dep-v0} section's bytes alone (zlib JSON in auditable-serde's format). */
class CargoAuditableTest {

    @Test
    void cratesOfASection() throws Exception {
        byte[] section = zlib("""
                {"packages":[
                  {"name":"app","version":"0.1.0","source":"local","dependencies":[1],"root":true},
                  {"name":"cc","version":"1.0.98","source":"crates.io","kind":"build"},
                  {"name":"no-version","source":"crates.io"}
                ]}""");
        assertThat(CargoAuditable.parse(section, "bin/app")).containsExactly(
                new CargoAuditable.Crate("app", "0.1.0", "local", "runtime", true),
                new CargoAuditable.Crate("cc", "1.0.98", "crates.io", "build", false));
    }

    @Test
    void brokenSectionsAreNamed() throws Exception {
        assertThatThrownBy(() -> CargoAuditable.parse("{\"packages\":[]}".getBytes(StandardCharsets.UTF_8), "bin/app"))
                .isInstanceOf(WardenException.class).hasMessageStartingWith("bin/app: .dep-v0 section is not zlib data");
        assertThatThrownBy(() -> CargoAuditable.parse(zlib("{\"crates\":[]}"), "bin/app"))
                .isInstanceOf(WardenException.class).hasMessage("bin/app: .dep-v0 section has no packages array");
        String bomb = " ".repeat(BinaryLimits.MAX_CARGO_AUDIT_JSON_BYTES + 1);
        assertThatThrownBy(() -> CargoAuditable.parse(zlib(bomb), "bin/app")).isInstanceOf(WardenException.class)
                .hasMessageContaining("bin/app: .dep-v0 section decompressed");
    }

    static byte[] zlib(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
