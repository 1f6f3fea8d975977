package dev.warden.match.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.InvalidVersionException;
import dev.warden.core.VersionScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Versions come from images and feeds: every scheme must answer any string with an order or an
 * {@link InvalidVersionException}, never another exception, and its order must be a consistent one.
 */
class HostileVersionsTest {

    private static final String ALPHABET = "0123456789.-+~^_:!abcxyzRCABZ vV\t\u0000\u00e9\u0130\u202f*=<>/\\\"'%${}";

    @Test
    void everySchemeAnswersGarbageWithOrderOrInvalid() {
        Random random = new Random(42);
        List<String> samples = new ArrayList<>(List.of("", " ", "0", "v", ".", "-", "1.", ".1", "1..2", "\u0000",
                "9".repeat(300), "1." + "9".repeat(40), "1.0-" + "a".repeat(250)));
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(random.nextInt(10) == 0 ? 300 : 16);
            // half start with a digit, so more of them get past the first check of each scheme
            if (random.nextBoolean()) {
                sb.append(random.nextInt(10));
            }
            for (int j = 0; j < len; j++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            samples.add(sb.toString());
        }
        for (String type : VersionSchemes.types()) {
            VersionScheme scheme = VersionSchemes.require(type);
            List<String> valid = new ArrayList<>();
            for (String s : samples) {
                if (scheme.isValid(s)) {
                    valid.add(s);
                    assertThat(scheme.compare(s, s)).as(type + " reflexive '" + s + "'").isZero();
                } else {
                    assertThatThrownBy(() -> scheme.compare(s, "1")).as(type + " '" + s + "'")
                            .isInstanceOf(InvalidVersionException.class)
                            .hasMessageStartingWith("invalid " + type + " version")
                            .hasMessageNotContaining("\n");
                }
            }
            for (int i = 0; i + 2 < valid.size(); i++) {
                String a = valid.get(i);
                String b = valid.get(i + 1);
                String c = valid.get(i + 2);
                int ab = Integer.signum(scheme.compare(a, b));
                assertThat(Integer.signum(scheme.compare(b, a))).as(type + " antisymmetric " + a + " " + b).isEqualTo(-ab);
                int bc = Integer.signum(scheme.compare(b, c));
                if (ab == bc && ab != 0) {
                    assertThat(Integer.signum(scheme.compare(a, c))).as(type + " transitive " + a + " " + b + " " + c).isEqualTo(ab);
                }
            }
        }
    }

    @Test
    void nullAndOverlongAreInvalid() {
        for (String type : VersionSchemes.types()) {
            VersionScheme scheme = VersionSchemes.require(type);
            assertThat(scheme.isValid(null)).as(type).isFalse();
            assertThat(scheme.isValid("1." + "1".repeat(300))).as(type).isFalse();
        }
    }

    @Test
    void unknownTypeIsAUserError() {
        assertThat(VersionSchemes.forType("cobol")).isEmpty();
        assertThat(VersionSchemes.forType(null)).isEmpty();
        assertThat(VersionSchemes.forType("PYPI")).isPresent();
        assertThat(VersionSchemes.forEcosystem("Debian:12")).map(VersionScheme::type).contains("deb");
        assertThat(VersionSchemes.forEcosystem("crates.io")).map(VersionScheme::type).contains("cargo");
        assertThat(VersionSchemes.forEcosystem("Alpine:v3.19")).map(VersionScheme::type).contains("apk");
        assertThat(VersionSchemes.forEcosystem("Hackage")).isEmpty();
        assertThatThrownBy(() -> VersionSchemes.require("cobol")).hasMessageStartingWith("unknown ecosystem 'cobol'");
    }
}
