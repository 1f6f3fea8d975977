package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.catalog.LicenseNames;
import org.junit.jupiter.api.Test;

/** Bundle-License headers copied from the manifests of the Maven Central artifacts named in each assertion. */
class BundleLicenseTest {
    private final Licenses licenses = new Licenses(new LicenseNames());

    @Test
    void quotedIdWithLink() { // assertj-core 3.27.7
        assertThat(BundleLicense.licences("\"Apache-2.0\";link=\"https://www.apache.org/licenses/LICENSE-2.0.txt\"", licenses))
                .containsExactly("Apache-2.0");
    }

    @Test
    void urlWithDescription() { // zstd-jni 1.5.7-16
        assertThat(BundleLicense.licences("https://opensource.org/licenses/BSD-2-Clause;description=BSD 2-Clause License", licenses))
                .containsExactly("BSD-2-Clause");
    }

    @Test
    void severalLicencesSeparatedByCommas() { // jetty-io 12.1.1, javassist 3.30.2-GA
        assertThat(BundleLicense.licences("https://www.eclipse.org/legal/epl-2.0/, https://www.apache.org/licenses/LICENSE-2.0", licenses))
                .containsExactly("EPL-2.0", "Apache-2.0");
        assertThat(BundleLicense.licences("https://www.mozilla.org/en-US/MPL/1.1/, https://www.gnu.org/licenses/lgpl-2.1.html, "
                + "https://www.apache.org/licenses/LICENSE-2.0", licenses)).contains("Apache-2.0").hasSize(3);
    }

    @Test
    void nameSpdxDoesNotKnowFallsBackToItsLink() { // org.eclipse.sisu.plexus 1.0.0
        assertThat(BundleLicense.licences("Eclipse Public License, Version 2.0;link=\"https://www.eclipse.org/legal/epl-v20.html\"", licenses))
                .containsExactly("EPL-2.0");
        // ow2 asm 9.9: the name is the id; its link is the project's own copy and changes nothing
        assertThat(BundleLicense.licences("BSD-3-Clause;link=https://asm.ow2.io/LICENSE.txt", licenses)).containsExactly("BSD-3-Clause");
        assertThat(BundleLicense.licences("<<EXTERNAL>>;link=https://opensource.org/licenses/MIT", licenses)).containsExactly("MIT");
    }

    @Test
    void aHostileHeaderIsReadOnlyUpToTheLimit() {
        String header = "MIT, ".repeat(5) + String.join(", ", java.util.stream.IntStream.range(0, 100).mapToObj(i -> "Name" + i).toList());
        assertThat(BundleLicense.licences(header, licenses)).hasSizeLessThanOrEqualTo(BundleLicense.MAX_LICENCES).startsWith("MIT");
    }
}
