package dev.warden.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LicenseNamesTest {
    private final LicenseNames names = new LicenseNames();

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            GPL-2+            | GPL-2.0-or-later
            GPL-2             | GPL-2.0-only
            GPL-3.0+          | GPL-3.0-or-later
            GPL               | GPL-1.0-or-later
            LGPL-2.1+         | LGPL-2.1-or-later
            LGPL-2            | LGPL-2.0-only
            AGPL-3+           | AGPL-3.0-or-later
            GPLv2+            | GPL-2.0-or-later
            Expat             | MIT
            mit               | MIT
            BSD-3-clause      | BSD-3-Clause
            BSD-2-Clause      | BSD-2-Clause
            BSD-4-clause-UC   | BSD-4-Clause-UC
            Apache-2.0        | Apache-2.0
            Apache-2          | Apache-2.0
            MPL-2             | MPL-2.0
            CC0               | CC0-1.0
            CC-BY-SA-4.0      | CC-BY-SA-4.0
            Zlib              | Zlib
            public-domain     | LicenseRef-public-domain
            GFDL-NIV-1.3+     | GFDL-1.3-no-invariants-or-later
            GFDL-1.3+-no-invariant | GFDL-1.3-no-invariants-or-later
            Artistic          | Artistic-1.0-Perl
            Perl              | Artistic-1.0-Perl OR GPL-1.0-or-later
            MIT-like          | LicenseRef-MIT-like
            FSF-manpages      | LicenseRef-FSF-manpages
            Some Vendor EULA  | LicenseRef-Some-Vendor-EULA
            """)
    void mapsNamesToSpdx(String name, String spdx) {
        assertThat(names.toSpdx(name)).isEqualTo(spdx);
    }

    @Test
    void debianExpressionsGiveEachLicenseOnce() {
        assertThat(names.fromDebianExpression("GPL-2+ or Artistic")).containsExactly("GPL-2.0-or-later", "Artistic-1.0-Perl");
        assertThat(names.fromDebianExpression("BSD-3-clause and GPL-2+, and GPL-2+")).containsExactly("BSD-3-Clause", "GPL-2.0-or-later");
        assertThat(names.fromDebianExpression("GPL-3+ with Bison exception")).containsExactly("GPL-3.0-or-later WITH Bison-exception-2.2");
        // no SPDX id for this exception: the licence stays, the exception is not invented
        assertThat(names.fromDebianExpression("GPL-2+ with OpenSSL exception")).containsExactly("GPL-2.0-or-later WITH OpenSSL-exception");
        assertThat(names.fromDebianExpression("GPL-3+ with Autoconf exception")).containsExactly("GPL-3.0-or-later WITH Autoconf-exception-3.0");
        assertThat(names.fromDebianExpression("GPL-2+ with Autoconf exception")).containsExactly("GPL-2.0-or-later WITH Autoconf-exception-2.0");
        assertThat(names.fromDebianExpression("LGPL-2.1+ with Foo exception")).containsExactly("LGPL-2.1-or-later");
    }

    @Test
    void fieldsAreExpressionsOrLists() {
        assertThat(names.fromField("MIT AND (GPL-2.0-or-later OR BSD-3-Clause)")).containsExactly("MIT AND (GPL-2.0-or-later OR BSD-3-Clause)");
        assertThat(names.fromField("GPL-2.0-only WITH Classpath-exception-2.0")).containsExactly("GPL-2.0-only WITH Classpath-exception-2.0");
        assertThat(names.fromField("ASL 2.0")).containsExactly("Apache-2.0");
        assertThat(names.fromField("GPLv2+ and BSD")).containsExactly("GPL-2.0-or-later", "LicenseRef-BSD");
        assertThat(names.fromField("Public Domain")).containsExactly("LicenseRef-public-domain");
        assertThat(names.fromField("GPL2+ LGPL2+")).containsExactly("GPL-2.0-or-later", "LGPL-2.0-or-later");
        assertThat(names.fromField("  ")).isEmpty();
    }

    @Test
    void theMemoKeepsAtMostItsBoundOfNames() {
        for (int i = 0; i < LicenseNames.MAX_CACHED + 100; i++) {
            assertThat(names.toSpdx("Vendor EULA " + i)).isEqualTo("LicenseRef-Vendor-EULA-" + i);
        }
        assertThat(names.rememberedNames()).isEqualTo(LicenseNames.MAX_CACHED);
        // past the bound names are still mapped, only no longer remembered
        assertThat(names.toSpdx("GPL-2+")).isEqualTo("GPL-2.0-or-later");
        assertThat(names.rememberedNames()).isEqualTo(LicenseNames.MAX_CACHED);
    }

    @Test
    void theMemoKeepsAtMostItsBoundOfExpressions() {
        for (int i = 0; i < LicenseNames.MAX_CACHED + 100; i++) {
            assertThat(names.fromDebianExpression("GPL-2+ or Vendor-" + i)).containsExactly("GPL-2.0-or-later", "LicenseRef-Vendor-" + i);
        }
        assertThat(names.rememberedExpressions()).isEqualTo(LicenseNames.MAX_CACHED);
        assertThat(names.rememberedNames()).isEqualTo(LicenseNames.MAX_CACHED);
    }

    @Test
    void longNamesAndExpressionsAreMappedButNotRemembered() {
        String longest = "A".repeat(LicenseNames.MAX_CACHED_CHARS);
        names.toSpdx(longest);
        assertThat(names.rememberedNames()).isEqualTo(1);
        assertThat(names.toSpdx(longest + "B")).isEqualTo("LicenseRef-" + longest + "B");
        assertThat(names.rememberedNames()).isEqualTo(1);

        String expression = "GPL-2+ or " + "B".repeat(LicenseNames.MAX_CACHED_CHARS);
        assertThat(names.fromDebianExpression(expression)).containsExactly("GPL-2.0-or-later", "LicenseRef-" + "B".repeat(LicenseNames.MAX_CACHED_CHARS));
        assertThat(names.rememberedExpressions()).isZero();
    }

    @Test
    void aRememberedExpressionGivesTheSameIdsAndAListOfItsOwn() {
        List<String> first = names.fromDebianExpression("GPL-2+ or Artistic");
        first.add("changed by the caller");
        assertThat(names.fromDebianExpression("GPL-2+ or Artistic")).containsExactly("GPL-2.0-or-later", "Artistic-1.0-Perl");
        assertThat(names.rememberedExpressions()).isEqualTo(1);
    }

    @Test
    void eachInstanceHasAMemoOfItsOwn() {
        names.toSpdx("GPL-2+");
        names.fromDebianExpression("GPL-2+ or Artistic");
        LicenseNames other = new LicenseNames();
        assertThat(other.rememberedNames()).isZero();
        assertThat(other.rememberedExpressions()).isZero();
        assertThat(other.toSpdx("GPL-2+")).isEqualTo(names.toSpdx("GPL-2+"));
    }
}
