package dev.warden.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where registry logins and credential helpers are read from: {@code $DOCKER_CONFIG/config.json}, as docker reads it. */
class DockerConfigLocationTest {
    @Test
    void dockerConfigDirectoryWinsOverTheHomeFolder() {
        assertThat(ImageAccess.dockerConfig("/ci/job/.docker", "/home/dev")).isEqualTo(Path.of("/ci/job/.docker/config.json"));
        assertThat(ImageAccess.dockerConfig(null, "/home/dev")).isEqualTo(Path.of("/home/dev/.docker/config.json"));
        assertThat(ImageAccess.dockerConfig(" ", "/home/dev")).isEqualTo(Path.of("/home/dev/.docker/config.json"));
    }
}
