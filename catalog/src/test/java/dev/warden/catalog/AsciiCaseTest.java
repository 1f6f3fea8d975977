package dev.warden.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link AsciiCase} finds what {@code (?i)} finds, and nothing more: ASCII letters fold, no others do. */
class AsciiCaseTest {

    @Test
    void findsTheWordInAnyAsciiCaseFromWhereItIsAsked() {
        assertThat(AsciiCase.indexOf("GPL-2+ WITH OpenSSL exception", "with", 0)).isEqualTo(7);
        assertThat(AsciiCase.indexOf("GPL-2+ wItH a With", "with", 8)).isEqualTo(14);
        assertThat(AsciiCase.indexOf("without", "with", 1)).isEqualTo(-1);
        assertThat(AsciiCase.indexOf("wit", "with", 0)).isEqualTo(-1);
        assertThat(AsciiCase.startsWith("License: MIT", 0, "license:")).isTrue();
        assertThat(AsciiCase.startsWith("License: MIT", 1, "license:")).isFalse();
        assertThat(AsciiCase.startsWith("or", -1, "or")).isFalse();
        assertThat(AsciiCase.startsWith("o", 0, "or")).isFalse();
    }

    @Test
    void agreesWithTheRegularExpressionWhereUnicodeWouldFold() {
        // 'İ' (U+0130) lower-cases to 'i' and the Kelvin sign (U+212A) to 'k': String.regionMatches(true, ...) folds them
        for (String text : new String[] {"L\u0130CENSE:", "\u212Aey", "LICENSE:", "key", "lıcense:"}) {
            for (String word : new String[] {"license:", "key"}) {
                boolean regex = Pattern.compile("(?i)" + Pattern.quote(word)).matcher(text).lookingAt();
                assertThat(AsciiCase.startsWith(text, 0, word)).as(text + " / " + word).isEqualTo(regex);
                assertThat(AsciiCase.indexOf(text, word, 0) == 0).as(text + " / " + word).isEqualTo(regex);
            }
        }
        assertThat("L\u0130CENSE:".regionMatches(true, 0, "license:", 0, 8)).as("what regionMatches would have said").isTrue();
    }
}
