package dev.warden.match.vex;

import static dev.warden.match.vex.VexFixtures.finding;
import static dev.warden.match.vex.VexFixtures.image;
import static dev.warden.match.vex.VexFixtures.load;
import static dev.warden.match.vex.VexFixtures.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.SourcePackage;
import dev.warden.core.finding.Finding;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which statement applies to which finding, with the real grype/go-vex documents where they say it. */
class VexApplierTest {
    static final String ALPINE_DIGEST = "sha256:124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126";
    static final String OTHER_DIGEST = "sha256:" + "0".repeat(64);

    static final Package LIBCRYPTO = pkg("pkg:apk/alpine/libcrypto3@3.0.8-r3?arch=x86_64&distro=alpine-3.17.3");
    static final Package LIBSSL = pkg("pkg:apk/alpine/libssl3@3.0.8-r3?arch=x86_64&distro=alpine-3.17.3");
    static final Package MUSL = pkg("pkg:apk/alpine/musl@1.2.3-r4?arch=x86_64&distro=alpine-3.17.3");

    private static VexStatement statement(String vuln, List<String> aliases, List<String> products, List<String> subs,
            VexStatus status, Instant time) {
        return new VexStatement(vuln, aliases, products, subs, status,
                status == VexStatus.NOT_AFFECTED ? "vulnerable_code_not_present" : null, null,
                status == VexStatus.AFFECTED ? "upgrade" : null, time, "test");
    }

    private static List<Finding> apply(List<VexStatement> statements, ImageInfo image, Finding... findings) {
        return new VexApplier(statements).apply(image, List.of(findings));
    }

    @Test
    void imageDigestWithSubcomponentsSuppressesOnlyThoseSubcomponents() {
        ImageInfo alpine = image("registry://docker.io/library/alpine:3.17", ALPINE_DIGEST);
        List<Finding> out = apply(load("openvex/grype-openvex-demo1.json"), alpine,
                finding("CVE-2023-1255", List.of(), LIBCRYPTO),
                finding("CVE-2023-1255", List.of(), LIBSSL),
                finding("CVE-2023-1255", List.of(), MUSL),
                finding("CVE-2023-2650", List.of(), LIBCRYPTO));
        assertThat(out).extracting(Finding::suppressed).containsExactly(true, true, false, false);
        assertThat(out.get(0).vex().matchedOn()).isEqualTo("pkg:apk/alpine/libcrypto3@3.0.8-r3");
        // a different image: the statement is about another product
        assertThat(apply(load("openvex/grype-openvex-demo1.json"), image("x", OTHER_DIGEST),
                finding("CVE-2023-1255", List.of(), LIBCRYPTO))).extracting(Finding::suppressed).containsExactly(false);
    }

    @Test
    void imageWithoutSubcomponentsCoversEveryPackage() {
        List<Finding> out = apply(load("openvex/grype-openvex-image-no-subcomponents.json"), image("alpine", ALPINE_DIGEST),
                finding("CVE-2023-1255", List.of(), MUSL), finding("CVE-2023-9999", List.of(), MUSL));
        assertThat(out).extracting(Finding::suppressed).containsExactly(true, false);
    }

    @Test
    void dockerHubSpellingsAndBareDigest() {
        // grype's debian document: pkg:oci/debian@DIGEST?repository_url=index.docker.io/library
        List<VexStatement> debian = load("openvex/grype-openvex-debian.json");
        Package bash = pkg("pkg:deb/debian/bash@5.2.15-2+b2?arch=amd64&distro=debian-12");
        assertThat(apply(debian, image("debian:12", ALPINE_DIGEST), finding("CVE-2014-fake-1", List.of(), bash)).get(0)
                .suppressed()).isTrue();
        // without digest: repository and tag decide, Docker Hub however written
        java.util.Map<String, Boolean> products = new java.util.LinkedHashMap<>();
        for (String p : List.of("pkg:oci/debian?repository_url=index.docker.io/library&tag=12",
                "pkg:oci/debian?repository_url=docker.io/library/debian&tag=12", "pkg:docker/library/debian@12",
                "pkg:docker/debian@12?repository_url=https://registry-1.docker.io/", "pkg:oci/debian", ALPINE_DIGEST)) {
            products.put(p, true);
        }
        for (String p : List.of("pkg:docker/library/debian@11", "pkg:oci/debian?repository_url=ghcr.io/x/debian",
                "pkg:oci/ubuntu", OTHER_DIGEST)) {
            products.put(p, false);
        }
        products.forEach((product, applies) -> {
            List<VexStatement> s = List.of(statement("CVE-1", List.of(), List.of(product), List.of(), VexStatus.FIXED, null));
            assertThat(apply(s, image("registry://index.docker.io/library/debian:12", ALPINE_DIGEST),
                    finding("CVE-1", List.of(), bash)).get(0).suppressed()).as(product).isEqualTo(applies);
        });
    }

    @Test
    void privateRegistryReferences() {
        Package bash = pkg("pkg:deb/debian/bash@5.2.15-2+b2?arch=amd64&distro=debian-12");
        ImageInfo local = image("localhost:5000/demo/app:v1", OTHER_DIGEST);
        java.util.Map<String, Boolean> products = new java.util.LinkedHashMap<>();
        products.put("pkg:oci/app?repository_url=localhost:5000/demo/app", true);
        products.put("pkg:oci/app?repository_url=http://localhost:5000/demo&tag=v1", true);
        products.put("localhost:5000/demo/app@" + OTHER_DIGEST, true);
        products.put("pkg:oci/app?repository_url=localhost:5000/demo/app&tag=v2", false);
        products.put("pkg:oci/app?repository_url=localhost:5001/demo/app", false);
        products.put("pkg:docker/demo/app@v1", false); // Docker Hub, not localhost:5000
        products.forEach((product, applies) -> {
            List<VexStatement> s = List.of(statement("CVE-1", List.of(), List.of(product), List.of(), VexStatus.FIXED, null));
            assertThat(apply(s, local, finding("CVE-1", List.of(), bash)).get(0).suppressed()).as(product).isEqualTo(applies);
        });
        // an OCI layout on disk has no repository: only a digest can name it
        ImageInfo layout = image("oci-dir:///tmp/layout:v1", OTHER_DIGEST);
        assertThat(apply(List.of(statement("CVE-1", List.of(), List.of("pkg:oci/layout?tag=v1"), List.of(), VexStatus.FIXED, null)),
                layout, finding("CVE-1", List.of(), bash)).get(0).suppressed()).isFalse();
        assertThat(apply(List.of(statement("CVE-1", List.of(), List.of(OTHER_DIGEST), List.of(), VexStatus.FIXED, null)),
                layout, finding("CVE-1", List.of(), bash)).get(0).suppressed()).isTrue();
    }

    @Test
    void packageProductWithoutVersionCoversAllVersionsAndQualifiersAreNormalised() {
        Package scoutStyle = pkg("pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
        record Case(String product, boolean applies) {}
        for (Case c : List.of(
                new Case("pkg:deb/debian/openssl", true),
                new Case("pkg:deb/debian/openssl@3.0.11-1~deb12u2", true),
                new Case("pkg:deb/debian/openssl@3.0.11-1~deb12u1", false),
                new Case("pkg:deb/debian/openssl@3.0.11-1~deb12u2?os_distro=bookworm&os_name=debian&os_version=12", true),
                new Case("pkg:deb/debian/openssl?distro=debian-12.5", true),
                new Case("pkg:deb/debian/openssl?distro=bookworm", true),
                new Case("pkg:deb/debian/openssl?distro=debian-11", false),
                new Case("pkg:deb/debian/openssl?os_name=ubuntu", false),
                new Case("pkg:deb/debian/openssl?arch=x86_64", true),
                new Case("pkg:deb/debian/openssl?arch=arm64", false),
                new Case("pkg:deb/debian/openssl?arch=all", true),
                new Case("pkg:deb/ubuntu/openssl", false),
                new Case("pkg:rpm/debian/openssl", false))) {
            List<VexStatement> s = List.of(statement("CVE-2023-5678", List.of(), List.of(c.product), List.of(),
                    VexStatus.NOT_AFFECTED, null));
            assertThat(apply(s, image("x", null), finding("CVE-2023-5678", List.of(), scoutStyle)).get(0).suppressed())
                    .as(c.product).isEqualTo(c.applies);
        }
    }

    @Test
    void csafProductWithUpstreamAndDistroQualifiersMatchesTheCatalogedPackage() {
        // grype's CSAF names pkg:apk/alpine/libcrypto3@3.0.8-r3?arch=x86_64&upstream=openssl&distro=alpine-3.17.3
        List<Finding> out = apply(load("csaf/grype-csaf-demo2.json"), image("x", null),
                finding("CVE-2023-3817", List.of(), pkg("pkg:apk/alpine/libcrypto3@3.0.8-r3?arch=x86_64&distro=alpine-3.17")),
                finding("CVE-2023-3817", List.of(), pkg("pkg:apk/alpine/libcrypto3@3.0.8-r3?arch=aarch64&distro=alpine-3.17.3")));
        assertThat(out).extracting(Finding::suppressed).containsExactly(true, false);
    }

    @Test
    void sourcePackageNamesItsBinaries() {
        Package libssl = pkg("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
                new SourcePackage("openssl", "3.0.11-1~deb12u2"));
        List<VexStatement> s = List.of(statement("CVE-2023-5678", List.of(), List.of("pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12"),
                List.of(), VexStatus.NOT_AFFECTED, null));
        Finding f = apply(s, image("x", null), finding("CVE-2023-5678", List.of(), libssl)).get(0);
        assertThat(f.suppressed()).isTrue();
        assertThat(f.vex().matchedOn()).isEqualTo("pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12");
    }

    @Test
    void aliasesMatchBothWays() {
        Package lib = pkg("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar");
        // statement by GHSA id, finding by CVE with the GHSA as alias
        List<VexStatement> byGhsa = List.of(statement("GHSA-288c-cq4h-88gq", List.of(), List.of("pkg:maven/com.fasterxml.jackson.core/jackson-databind"),
                List.of(), VexStatus.NOT_AFFECTED, null));
        assertThat(apply(byGhsa, image("x", null), finding("CVE-2020-25649", List.of("GHSA-288c-cq4h-88gq"), lib)).get(0).suppressed()).isTrue();
        // statement by CVE, finding by GHSA alone, statement knows the alias
        List<VexStatement> byCve = List.of(statement("CVE-2020-25649", List.of("ghsa-288c-cq4h-88gq"), List.of("pkg:maven/com.fasterxml.jackson.core/jackson-databind"),
                List.of(), VexStatus.NOT_AFFECTED, null));
        assertThat(apply(byCve, image("x", null), finding("GHSA-288c-cq4h-88gq", List.of(), lib)).get(0).suppressed()).isTrue();
        // unrelated id
        assertThat(apply(byCve, image("x", null), finding("CVE-2020-99999", List.of(), lib)).get(0).vex()).isNull();
    }

    @Test
    void laterStatementWinsByTimestampThenOrder() {
        // go-vex's v001-1 (under_investigation, 2022-12-22T21:36:43Z) and v001-2 (fixed, later)
        Package bash = pkg("pkg:apk/wolfi/bash@1.0.0");
        List<VexStatement> both = load("openvex/vex-v001-2.vex.json", "openvex/vex-v001-1.vex.json");
        Finding f = apply(both, image("x", null), finding("CVE-1234-5678", List.of(), bash)).get(0);
        assertThat(f.vex().statement().status()).isEqualTo(VexStatus.FIXED);
        assertThat(f.suppressed()).isTrue();
        // equal timestamps: the one loaded later wins
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        VexStatement first = statement("CVE-1", List.of(), List.of("pkg:apk/wolfi/bash"), List.of(), VexStatus.NOT_AFFECTED, t);
        VexStatement second = statement("CVE-1", List.of(), List.of("pkg:apk/wolfi/bash"), List.of(), VexStatus.AFFECTED, t);
        assertThat(apply(List.of(first, second), image("x", null), finding("CVE-1", List.of(), bash)).get(0).vex().statement())
                .isEqualTo(second);
        assertThat(apply(List.of(second, first), image("x", null), finding("CVE-1", List.of(), bash)).get(0).vex().statement())
                .isEqualTo(first);
        // a statement without timestamp is older than one with
        VexStatement undated = statement("CVE-1", List.of(), List.of("pkg:apk/wolfi/bash"), List.of(), VexStatus.FIXED, null);
        assertThat(apply(List.of(first, undated), image("x", null), finding("CVE-1", List.of(), bash)).get(0).vex().statement())
                .isEqualTo(first);
    }

    @Test
    void affectedAndUnderInvestigationAnnotateOnly() {
        Package bash = pkg("pkg:apk/wolfi/bash@1.0.0");
        Finding f = apply(load("openvex/vex-v020-1.vex.json"), image("x", null), finding("CVE-9876-54321", List.of(), bash)).get(0);
        assertThat(f.vex()).isNotNull();
        assertThat(f.vex().statement().status()).isEqualTo(VexStatus.UNDER_INVESTIGATION);
        assertThat(f.suppressed()).isFalse();
    }

    @Test
    void subcomponentNeedsItsProductInTheSbom() {
        Package app = pkg("pkg:maven/com.example/app@1.0.0");
        Package lib = pkg("pkg:maven/org.example/lib@2.0.0");
        Package other = pkg("pkg:maven/org.example/other@1.0.0");
        VexStatement scoped = statement("CVE-1", List.of(), List.of("pkg:maven/com.example/app"), List.of("pkg:maven/org.example/lib"),
                VexStatus.NOT_AFFECTED, null);
        VexApplier applier = new VexApplier(List.of(scoped));
        Sbom with = new Sbom(image("x", null), null, List.of(app, lib, other), List.of());
        Sbom without = new Sbom(image("x", null), null, List.of(lib, other), List.of());
        List<Finding> findings = List.of(finding("CVE-1", List.of(), lib), finding("CVE-1", List.of(), other), finding("CVE-1", List.of(), app));
        assertThat(applier.apply(with, findings)).extracting(Finding::suppressed).containsExactly(true, false, false);
        assertThat(applier.apply(without, findings)).extracting(Finding::suppressed).containsExactly(false, false, false);
    }

    @Test
    void outcomeTellsAppliedOverriddenAndUnmatched() {
        Package bash = pkg("pkg:apk/wolfi/bash@1.0.0");
        List<VexStatement> statements = load("openvex/vex-v001-1.vex.json", "openvex/vex-v001-2.vex.json", "openvex/spec-example-01.json");
        VexApplier.Outcome o = new VexApplier(statements).evaluate(new Sbom(image("x", null), null, List.of(bash), List.of()),
                List.of(finding("CVE-1234-5678", List.of(), bash)));
        assertThat(o.decided()).containsOnlyKeys(statements.get(1));
        assertThat(o.overridden()).containsExactly(statements.get(0));
        assertThat(o.unmatched()).containsExactly(statements.get(2));
    }
}
