package dev.warden.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TagVersionsTest {
    private static final List<String> DEBIAN = List.of("latest", "bookworm", "11", "11.9", "12", "12.4", "12.5", "12.10", "13",
            "13.0", "12-slim", "12.5-slim", "12.6-slim", "v14", "sid", "12.5.1", "99999999999");

    @Test
    void newerInTheSameLineNewestFirst() {
        assertThat(TagVersions.newer("12.5", DEBIAN, 10)).containsExactly("v14", "13.0", "12.10", "12.5.1");
        assertThat(TagVersions.newer("12.5", DEBIAN, 2)).containsExactly("v14", "13.0");
        assertThat(TagVersions.newer("12.5-slim", DEBIAN, 10)).containsExactly("12.6-slim");
        assertThat(TagVersions.newer("12", DEBIAN, 10)).containsExactly("v14", "13.0", "12.10", "12.5.1", "12.5", "12.4");
    }

    @Test
    void wordsHaveNoNewerTags() {
        assertThat(TagVersions.newer("latest", DEBIAN, 10)).isEmpty();
        assertThat(TagVersions.newer("bookworm", DEBIAN, 10)).isEmpty();
        assertThat(TagVersions.parse("99999999999")).isEmpty();
    }
}
