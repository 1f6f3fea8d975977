package dev.warden.catalog.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.catalog.LicenseNames;
import org.junit.jupiter.api.Test;

/**
 * The corners of the copyright parser. It was once a set of regular expressions and is now plain
 * scans that must do what they did: each expectation here is what the expressions gave (see
 * DpkgLicensesGoldenTest for the real files).
 */
class DebianCopyrightTest {
    private static final String FORMAT = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/";
    private final DebianCopyright copyright = new DebianCopyright(new LicenseNames());

    @Test
    void licenseFieldsStartALineInAnyCaseAndHaveAValue() {
        assertThat(copyright.licenses(FORMAT + "\r\n\r\nFiles: *\r\nLicense: GPL-2+\r\n\r\nLICENSE:\tExpat\r\nlicense:\r\n"
                + " License: BSD-3-clause\r\nXLicense: ISC\r\n")).containsExactly("GPL-2.0-or-later", "MIT");
        assertThat(copyright.licenses("\n\t " + FORMAT + "\nLicense: Zlib\n")).containsExactly("Zlib");
    }

    @Test
    void aValueRunsToTheNextNewlineOverOtherLineBreaks() {
        assertThat(copyright.licenses(FORMAT + "\nLicense: GPL-2+\rLicense: MIT\n")).containsExactly("LicenseRef-GPL-2-License-MIT");
        assertThat(copyright.licenses(FORMAT + "\nLicense: GPL-2+\u2028License: MIT\nLicense: Zlib"))
                .containsExactly("LicenseRef-GPL-2-License-MIT", "Zlib");
    }

    @Test
    void commonLicenseFilesTakeTheirVersionFromTheNotice() {
        assertThat(copyright.licenses("On Debian systems see /usr/share/common-licenses/GPL-2.\nThis program is free software;"
                + " either version 2, or (at your option) any later\n  version.\n")).containsExactly("GPL-2.0-or-later");
        assertThat(copyright.licenses("See /usr/share/common-licenses/GPL-2 and /usr/share/common-licenses/LGPL-2.1; and"
                + " /usr/share/common-licenses/Apache-2.0, /usr/share/common-licenses/Foo_bar+.\n"))
                .containsExactly("GPL-2.0-only", "LGPL-2.1-only", "Apache-2.0", "LicenseRef-Foo-bar");
        assertThat(copyright.licenses("See /usr/share/common-licenses/GPL-3, any laterversion.\n")).containsExactly("GPL-3.0-only");
        // "or later" needs no word boundary: "for later" says it too
        assertThat(copyright.licenses("See /usr/share/common-licenses/GFDL-1.3, for later.\n")).containsExactly("GFDL-1.3-or-later");
        assertThat(copyright.licenses("See /usr/share/common-licenses//usr/share/common-licenses/GPL\n")).containsExactly("GPL-1.0-or-later");
    }

    @Test
    void gnuNoticesInProseCountOnlyWithoutALicenseFile() {
        assertThat(copyright.licenses("This library is free software; under the terms of the GNU Lesser General Public License,"
                + " version 2.1 (or, at your option, any later version).\n")).containsExactly("LGPL-2.1-or-later");
        assertThat(copyright.licenses("Licensed under the gnu affero general public license v3. Also GNU GPL.\n")).containsExactly("AGPL-3.0-only");
        assertThat(copyright.licenses("Licensed under the GNU General Public License as published by the Free Software Foundation;"
                + " either version 2 of the License.\n")).containsExactly("GPL-2.0-only");
        assertThat(copyright.licenses("Public domain.\n")).isEmpty();
    }
}
