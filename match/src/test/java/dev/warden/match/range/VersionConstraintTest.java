package dev.warden.match.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.VersionScheme;
import dev.warden.core.WardenException;
import dev.warden.match.range.VersionConstraint.Operator;
import dev.warden.match.version.VersionSchemes;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionConstraintTest {

    @Test
    void parsesGithubRanges() {
        assertThat(VersionConstraint.parseGithubRange("<= 1.2.17"))
                .containsExactly(new VersionConstraint(Operator.LE, "1.2.17"));
        assertThat(VersionConstraint.parseGithubRange(">= 2.0.0, < 2.4.1"))
                .containsExactly(new VersionConstraint(Operator.GE, "2.0.0"), new VersionConstraint(Operator.LT, "2.4.1"));
        assertThat(VersionConstraint.parseGithubRange("= 1.0")).containsExactly(new VersionConstraint(Operator.EQ, "1.0"));
        assertThat(VersionConstraint.parseGithubRange("1.0")).containsExactly(new VersionConstraint(Operator.EQ, "1.0"));
    }

    @Test
    void evaluatesWithTheScheme() {
        VersionScheme maven = VersionSchemes.require("maven");
        List<VersionConstraint> c = VersionConstraint.parseGithubRange(">= 2.0, < 2.4.1");
        assertThat(VersionConstraint.all(c, maven, "2.4.1-RC1")).isTrue();
        assertThat(VersionConstraint.all(c, maven, "2.4.1")).isFalse();
        assertThat(VersionConstraint.all(c, maven, "2.0.0")).isTrue();
        assertThat(VersionConstraint.all(c, maven, "1.9")).isFalse();
    }

    @Test
    void rejectsJunkWithOneLine() {
        for (String bad : List.of("", "<=", "< 1.0 2.0", ">> 1", "1.0,", "x".repeat(600))) {
            assertThatThrownBy(() -> VersionConstraint.parseGithubRange(bad))
                    .as("'" + bad + "'").isInstanceOf(WardenException.class)
                    .hasMessageStartingWith("bad version range").hasMessageNotContaining("\n");
        }
    }
}
