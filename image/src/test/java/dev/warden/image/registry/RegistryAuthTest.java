package dev.warden.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import dev.warden.image.ImageSource;
import dev.warden.image.Progress;
import dev.warden.image.SourceOptions;
import dev.warden.image.registry.testing.RegistryServer;
import dev.warden.image.registry.testing.TokenServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Basic (htpasswd, bcrypt) and bearer-token authentication against real docker-registry instances; the token
 * server is {@link TokenServer}, whose JWTs the registry verifies against the certificate it was given.
 */
@Tag("live") // a real docker-registry (RegistryServer), skopeo
class RegistryAuthTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final String REPO = "private/app:v1";
    /** The token server lets anyone pull repositories under public/. */
    private static final String PUBLIC_REPO = "public/app:v1";

    @TempDir
    static Path work;
    @TempDir
    Path cache;

    static SmallImages images;
    static RegistryServer basic;
    static TokenServer tokens;
    static RegistryServer tokenRegistry;

    @BeforeAll
    static void start() throws Exception {
        images = SmallImages.build(Files.createDirectories(work.resolve("images")));
        basic = RegistryServer.htpasswd(work.resolve("basic"), USER, PASSWORD);
        basic.push(images.layout(), SmallImages.AMD64, REPO);
        tokens = new TokenServer(work.resolve("tokens"), Map.of(USER, PASSWORD), repo -> repo.startsWith("public/"));
        tokenRegistry = RegistryServer.token(work.resolve("token-registry"), tokens, USER, PASSWORD);
        tokenRegistry.push(images.layout(), SmallImages.AMD64, REPO);
        tokenRegistry.push(images.layout(), SmallImages.AMD64, PUBLIC_REPO);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {basic, tokenRegistry, tokens}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    private SourceOptions options(String user, String password, Path dockerConfig) {
        SourceOptions d = SourceOptions.defaults(cache);
        return new SourceOptions(null, user, password, d.insecureRegistries(), cache, dockerConfig, d.limits(), Progress.NONE);
    }

    private String readAll(ImageSource image) throws IOException {
        List<String> paths = new ArrayList<>();
        image.files().read(e -> true, (entry, in) -> paths.add(entry.path() + "=" + new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        return String.join(",", paths);
    }

    private Path dockerConfig(String json) throws IOException {
        Path file = Files.createTempFile(cache, "config", ".json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void basicAuthWithoutCredentialsSaysHowToLogIn() {
        String ref = basic.host() + "/" + REPO;
        assertThatThrownBy(() -> RegistrySource.open(ref, options(null, null, null)))
                .isInstanceOf(WardenException.class)
                .hasMessage(ref + ": " + basic.host() + " requires authentication (HTTP 401): docker login " + basic.host()
                        + " or give --username and --password-stdin");
    }

    @Test
    void basicAuthWithAWrongPasswordFails() {
        assertThatThrownBy(() -> RegistrySource.open(basic.host() + "/" + REPO, options(USER, "wrong", null)))
                .isInstanceOf(WardenException.class)
                .hasMessageEndingWith("authentication failed at " + basic.host() + " for user 'alice' (HTTP 401)");
    }

    @Test
    void basicAuthWithGivenCredentials() throws IOException {
        try (ImageSource image = RegistrySource.open(basic.host() + "/" + REPO, options(USER, PASSWORD, null))) {
            assertThat(image.info().manifestDigest()).isEqualTo(images.manifestDigest(SmallImages.AMD64));
            assertThat(readAll(image)).contains("/hello.txt=" + SmallImages.HELLO);
        }
    }

    @Test
    void basicAuthFromDockerConfigAuthField() throws IOException {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Path config = dockerConfig("{\"auths\":{\"" + basic.host() + "\":{\"auth\":\"" + auth + "\"}}}");
        try (ImageSource image = RegistrySource.open(basic.host() + "/" + REPO, options(null, null, config))) {
            assertThat(image.info().manifestDigest()).isEqualTo(images.manifestDigest(SmallImages.AMD64));
        }
    }

    @Test
    void basicAuthFromDockerConfigUsernameAndPasswordWithScheme() throws IOException {
        Path config = dockerConfig("{\"auths\":{\"http://" + basic.host() + "/v2/\":{\"username\":\"" + USER
                + "\",\"password\":\"" + PASSWORD + "\"}}}");
        try (ImageSource image = RegistrySource.open(basic.host() + "/" + REPO, options(null, null, config))) {
            assertThat(image.info().manifestDigest()).isEqualTo(images.manifestDigest(SmallImages.AMD64));
        }
    }

    @Test
    void aCredentialHelperMissingFromThePathIsNamed() throws IOException {
        Path config = dockerConfig("{\"credHelpers\":{\"" + basic.host() + "\":\"warden-test-absent\"}}");
        assertThatThrownBy(() -> RegistrySource.open(basic.host() + "/" + REPO, options(null, null, config)))
                .isInstanceOf(WardenException.class)
                .hasMessageContaining("docker-credential-warden-test-absent").hasMessageContaining("is not on the PATH");
    }

    @Test
    void tokenAuthWithCredentialsFetchesOneTokenForAllRequests() throws IOException {
        int before = tokens.requests();
        long blobGets;
        try (ImageSource image = RegistrySource.open(tokenRegistry.host() + "/" + REPO, options(USER, PASSWORD, null))) {
            assertThat(image.info().manifestDigest()).isEqualTo(images.manifestDigest(SmallImages.AMD64));
            assertThat(readAll(image)).contains("/hello.txt=" + SmallImages.HELLO);
            blobGets = tokenRegistry.requests("GET", "/v2/private/app/blobs/");
        }
        assertThat(blobGets).as("config and layer were fetched").isGreaterThanOrEqualTo(2);
        assertThat(tokens.requests() - before).as("one token, cached for the manifest, config and layer").isEqualTo(1);
        assertThat(tokens.scopes()).last().isEqualTo("repository:private/app:pull");
    }

    @Test
    void tokenAuthWithoutCredentialsIsRefusedWhenAnonymousPullIsNot() {
        String ref = tokenRegistry.host() + "/" + REPO;
        assertThatThrownBy(() -> RegistrySource.open(ref, options(null, null, null)))
                .isInstanceOf(WardenException.class)
                .hasMessage(ref + ": " + tokenRegistry.host() + " requires authentication (HTTP 401): docker login "
                        + tokenRegistry.host() + " or give --username and --password-stdin");
    }

    @Test
    void tokenAuthWithWrongCredentialsNamesTheTokenServer() {
        assertThatThrownBy(() -> RegistrySource.open(tokenRegistry.host() + "/" + REPO, options(USER, "wrong", null)))
                .isInstanceOf(WardenException.class)
                .hasMessageContaining(": token from 127.0.0.1:")
                .hasMessageContaining("credentials of user 'alice' refused (HTTP 401) (UNAUTHORIZED: bad credentials)");
    }

    @Test
    void anonymousTokenForPublicRepositories() throws IOException {
        try (ImageSource image = RegistrySource.open(tokenRegistry.host() + "/" + PUBLIC_REPO, options(null, null, null))) {
            assertThat(image.info().manifestDigest()).isEqualTo(images.manifestDigest(SmallImages.AMD64));
            assertThat(readAll(image)).contains("/hello.txt=" + SmallImages.HELLO);
        }
    }
}
