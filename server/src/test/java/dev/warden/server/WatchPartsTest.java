package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watch's parts read from what an admin types: the cron schedule, the tag glob, the credentials reference. */
class WatchPartsTest {
    @Test
    void cronTicksAreWholeMinutesInUtcAsCrontabReadsThem() {
        CronSchedule nightly = CronSchedule.parse("0 2 * * *");
        Instant now = Instant.parse("2026-12-07T17:05:52Z");
        assertThat(nightly.latestAtOrBefore(now)).contains(Instant.parse("2026-12-07T02:00:00Z"));
        assertThat(nightly.nextAfter(now)).contains(Instant.parse("2026-12-08T02:00:00Z"));
        // at the tick itself, the tick is the latest (a scheduler looking at 02:00:10 queues the 02:00 run)
        assertThat(nightly.latestAtOrBefore(Instant.parse("2026-12-08T02:00:10Z"))).contains(Instant.parse("2026-12-08T02:00:00Z"));
        CronSchedule weekdays = CronSchedule.parse("*/15 9-17 * * 1-5");
        // 2026-12-05 is a Saturday: the last tick is Friday 17:45
        assertThat(weekdays.latestAtOrBefore(Instant.parse("2026-12-05T12:00:00Z"))).contains(Instant.parse("2026-12-04T17:45:00Z"));
        assertThat(weekdays.nextAfter(Instant.parse("2026-12-07T09:01:00Z"))).contains(Instant.parse("2026-12-07T09:15:00Z"));
    }

    @Test
    void crontabMacrosAreSchedulesToo() {
        Instant now = Instant.parse("2026-12-07T17:05:52Z"); // a Monday
        assertThat(CronSchedule.parse("@daily").nextAfter(now)).contains(Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(CronSchedule.parse("@midnight").latestAtOrBefore(now)).contains(Instant.parse("2026-12-07T00:00:00Z"));
        assertThat(CronSchedule.parse("@hourly").nextAfter(now)).contains(Instant.parse("2026-12-07T18:00:00Z"));
        assertThat(CronSchedule.parse("@weekly").nextAfter(now)).contains(Instant.parse("2026-12-13T00:00:00Z"));
        assertThat(CronSchedule.parse("@monthly").nextAfter(now)).contains(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(CronSchedule.parse("@Yearly").nextAfter(now)).contains(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(CronSchedule.parse("@daily").text()).isEqualTo("@daily");
        assertThatThrownBy(() -> CronSchedule.parse("@reboot")).isInstanceOf(WardenException.class).hasMessageContaining("@daily");
        assertThatThrownBy(() -> CronSchedule.parse("@nightly")).isInstanceOf(WardenException.class).hasMessageContaining("not a cron macro");
    }

    @Test
    void aRegistryUrlOrATaggedRepositoryIsToldWhatTheFieldTakes() {
        assertThatThrownBy(() -> WatchStore.checked("a", "https://registry.example.com", "shop/app", null, "0 2 * * *", null, false, true))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("without a scheme").hasMessageNotContaining(":latest");
        assertThatThrownBy(() -> WatchStore.checked("a", "registry.example.com", "shop/app:v1", null, "0 2 * * *", null, false, true))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("without a tag or digest").hasMessageContaining("tagPattern")
                .hasMessageNotContaining(":latest");
        assertThatThrownBy(() -> WatchStore.checked("a", "registry.example.com", "shop/app@sha256:" + "a".repeat(64), null, "0 2 * * *", null,
                false, true)).isInstanceOf(ApiProblem.class).hasMessageContaining("without a tag or digest");
        assertThat(WatchStore.checked("a", "registry.example.com:5000", "shop/app", null, "@daily", null, false, true).schedule()).isEqualTo("@daily");
    }

    @Test
    void badSchedulesNameTheProblem() {
        assertThatThrownBy(() -> CronSchedule.parse("0 2 * *")).isInstanceOf(WardenException.class).hasMessageContaining("4 fields");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 2 * * *")).isInstanceOf(WardenException.class).hasMessageContaining("6 fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).isInstanceOf(WardenException.class).hasMessageContaining("not a valid cron");
        assertThatThrownBy(() -> CronSchedule.parse("* * * * mon-xyz")).isInstanceOf(WardenException.class);
        assertThatThrownBy(() -> CronSchedule.parse("")).isInstanceOf(WardenException.class);
        assertThatThrownBy(() -> CronSchedule.parse("* ".repeat(150))).isInstanceOf(WardenException.class).hasMessageContaining("200");
    }

    @Test
    void tagGlobsMatchWholeTags() {
        TagPattern v = TagPattern.parse("v1.*");
        assertThat(v.matches("v1.2")).isTrue();
        assertThat(v.matches("v1.2.3-rc1")).isTrue();
        assertThat(v.matches("v10.2")).isFalse();
        assertThat(v.matches("xv1.2")).isFalse();
        TagPattern either = TagPattern.parse("{latest,stable}");
        assertThat(either.matches("latest")).isTrue();
        assertThat(either.matches("stable")).isTrue();
        assertThat(either.matches("latest2")).isFalse();
        assertThat(TagPattern.parse("1.2[0-9]").matches("1.25")).isTrue();
        assertThat(TagPattern.parse("?").matches("ab")).isFalse();
        assertThat(TagPattern.parse("*").matches("anything.at-all_1")).isTrue();
        assertThatThrownBy(() -> TagPattern.parse("v[1")).isInstanceOf(WardenException.class).hasMessageContaining("not a valid glob");
        assertThatThrownBy(() -> TagPattern.parse("a/b")).isInstanceOf(WardenException.class);
        assertThatThrownBy(() -> TagPattern.parse("a b")).isInstanceOf(WardenException.class);
        assertThatThrownBy(() -> TagPattern.parse("")).isInstanceOf(WardenException.class);
    }

    @Test
    void credentialsAreReferencesReadOnlyWhenUsed(@TempDir Path dir) throws Exception {
        assertThat(CredentialRef.parse(null)).isInstanceOf(CredentialRef.Anonymous.class);
        assertThat(CredentialRef.parse("docker").dockerConfig(Path.of("/home/u/.docker/config.json"))).isEqualTo(Path.of("/home/u/.docker/config.json"));
        assertThat(CredentialRef.parse("docker:/etc/warden/config.json").dockerConfig(Path.of("/x"))).isEqualTo(Path.of("/etc/warden/config.json"));
        assertThat(CredentialRef.parse("env:REG").read(Map.of("REG", "robot:s3cret"))).isEqualTo(new CredentialRef.Secret("robot", "s3cret"));
        assertThat(CredentialRef.parse("env:REG").read(Map.of("REG", "robot:s3cret")).toString()).doesNotContain("s3cret");
        Path file = Files.writeString(dir.resolve("creds"), "robot:p:with:colons\nignored\n");
        assertThat(CredentialRef.parse("file:" + file).read(Map.of())).isEqualTo(new CredentialRef.Secret("robot", "p:with:colons"));
        assertThat(CredentialRef.parse("file:" + file).text()).isEqualTo("file:" + file);

        assertThatThrownBy(() -> CredentialRef.parse("env:REG").read(Map.of())).isInstanceOf(WardenException.class).hasMessageContaining("has no REG");
        assertThatThrownBy(() -> CredentialRef.parse("env:REG").read(Map.of("REG", "no-colon-here"))).isInstanceOf(WardenException.class)
                .hasMessageContaining("USER:PASSWORD").hasMessageNotContaining("no-colon-here");
        assertThatThrownBy(() -> CredentialRef.parse("robot:s3cret")).isInstanceOf(WardenException.class).hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> CredentialRef.parse("file:relative")).isInstanceOf(WardenException.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> CredentialRef.parse("env:1BAD")).isInstanceOf(WardenException.class);
        assertThatThrownBy(() -> CredentialRef.parse("file:" + dir.resolve("missing")).read(Map.of())).isInstanceOf(WardenException.class)
                .hasMessageContaining("no such file");
        Path big = Files.write(dir.resolve("big"), new byte[CredentialRef.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> CredentialRef.parse("file:" + big).read(Map.of())).isInstanceOf(WardenException.class).hasMessageContaining("larger");
    }
}
