package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageTest {
    private static final Package JAR = new Package("jar-1", "maven", "org.example", "app", "1.0",
            "pkg:maven/org.example/app@1.0", List.of("MIT"), List.of(new Location("/app.jar", "sha256:aa")),
            null, "java-archive", null, Map.of(PackageProperties.SHA1, "ab12"));

    @Test
    void eachWithChangesItsOwnFieldAndNothingElse() {
        assertThat(JAR.withId("jar-2")).isEqualTo(new Package("jar-2", "maven", "org.example", "app", "1.0",
                JAR.purl(), JAR.licenses(), JAR.locations(), null, "java-archive", null, JAR.properties()));
        assertThat(JAR.withParentId("war-1")).isEqualTo(new Package("jar-1", "maven", "org.example", "app", "1.0",
                JAR.purl(), JAR.licenses(), JAR.locations(), null, "java-archive", "war-1", JAR.properties()));
        assertThat(JAR.withCoordinates("maven", "com.acme", "tool", "2.0", "pkg:maven/com.acme/tool@2.0"))
                .isEqualTo(new Package("jar-1", "maven", "com.acme", "tool", "2.0", "pkg:maven/com.acme/tool@2.0",
                        JAR.licenses(), JAR.locations(), null, "java-archive", null, JAR.properties()));
        assertThat(JAR.withProperties(Map.of()).properties()).isEmpty();
        assertThat(JAR.withProperties(Map.of()).withProperties(JAR.properties())).isEqualTo(JAR);
    }

    @Test
    void withPropertyAddsOrReplacesOneKeyAndKeepsTheOthers() {
        Package owned = JAR.withProperty(PackageProperties.OWNED_BY, "pkg:deb/debian/libapp-java@1.0-1");
        assertThat(owned.properties()).containsExactlyInAnyOrderEntriesOf(Map.of(PackageProperties.SHA1, "ab12",
                PackageProperties.OWNED_BY, "pkg:deb/debian/libapp-java@1.0-1"));
        assertThat(owned.withProperty(PackageProperties.SHA1, "cd34").properties())
                .containsEntry(PackageProperties.SHA1, "cd34").hasSize(2);
        assertThat(JAR.properties()).hasSize(1); // the record stays immutable
    }

    @Test
    void propertyKeysAreDistinctAndEachStartsWithItsNamespace() throws IllegalAccessException {
        List<String> keys = new ArrayList<>();
        for (Field f : PackageProperties.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                keys.add((String) f.get(null));
            }
        }
        assertThat(keys).hasSizeGreaterThan(40).doesNotHaveDuplicates()
                .allSatisfy(k -> assertThat(k).matches("[a-z]+:[a-z0-9:-]+"));
    }
}
