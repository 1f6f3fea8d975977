package dev.warden.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code credsStore} and {@code credHelpers}: the helper program is run as docker runs it ({@code get}, the server on
 * standard input, JSON on standard output), here a shell script speaking the docker-credential-helpers protocol.
 */
class DockerCredentialHelperTest {
    @TempDir
    Path dir;

    private Path helper(String name, String body) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("docker-credential-" + name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private Path config(String json) throws Exception {
        return Files.writeString(dir.resolve("config.json"), json);
    }

    @Test
    void credHelpersAndCredsStoreAreAskedWithTheServerOnStandardInput() throws Exception {
        // the helper echoes the server it was asked about into the username: what docker sends is what it got
        Path bin = helper("vault", "[ \"$1\" = get ] || exit 3; read server; "
                + "printf '{\"ServerURL\":\"%s\",\"Username\":\"ci-%s\",\"Secret\":\"s3cret\"}' \"$server\" \"$server\"");
        DockerConfig perHost = DockerConfig.load(config("{\"credHelpers\":{\"registry.example:5000\":\"vault\"}}"), List.of(bin));
        assertThat(perHost.helperFor("registry.example:5000")).contains("vault");
        assertThat(perHost.credentialsFromHelper("vault", "registry.example:5000"))
                .contains(new Credentials("ci-registry.example:5000", "s3cret"));
        DockerConfig store = DockerConfig.load(config("{\"credsStore\":\"vault\"}"), List.of(bin));
        assertThat(store.helperFor(RegistryReference.DOCKER_HUB)).contains("vault");
        // Docker Hub is asked for by docker login's key for it
        assertThat(store.credentialsFromHelper("vault", RegistryReference.DOCKER_HUB))
                .contains(new Credentials("ci-https://index.docker.io/v1/", "s3cret"));
    }

    @Test
    void nothingStoredIsAnonymousAndABrokenHelperIsOneLine() throws Exception {
        Path bin = helper("empty", "echo 'credentials not found in native keychain'; exit 1");
        helper("garbage", "echo 'not json at all {'");
        DockerConfig config = DockerConfig.load(config("{\"credsStore\":\"empty\"}"), List.of(bin));
        assertThat(config.credentialsFromHelper("empty", "registry.example")).isEmpty();
        assertThatThrownBy(() -> config.credentialsFromHelper("garbage", "registry.example")).isInstanceOf(WardenException.class)
                .hasMessageContaining("docker-credential-garbage failed");
        assertThatThrownBy(() -> config.credentialsFromHelper("../../bin/sh", "registry.example")).isInstanceOf(WardenException.class)
                .hasMessageContaining("is not a plain name");
        assertThatThrownBy(() -> config.credentialsFromHelper("absent", "registry.example")).isInstanceOf(WardenException.class)
                .hasMessageContaining("docker-credential-absent").hasMessageContaining("not on the PATH");
    }
}
