package dev.warden.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import dev.warden.image.Progress;
import dev.warden.image.SourceOptions;
import dev.warden.image.registry.testing.RegistryServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tag listing against a real docker-registry (distribution), including its Link-header pages. */
@Tag("live") // a real docker-registry (RegistryServer), skopeo
class RegistryTagsTest {
    private static final List<String> TAGS = List.of("1.0", "1.1", "2.0", "latest", "v3");

    @TempDir
    static Path work;

    static RegistryServer registry;
    static SourceOptions options;

    @BeforeAll
    static void push() throws IOException {
        SmallImages images = SmallImages.build(Files.createDirectories(work.resolve("images")));
        registry = RegistryServer.anonymous(work.resolve("registry"));
        for (String tag : TAGS) {
            registry.push(images.layout(), SmallImages.AMD64, "tags/app:" + tag);
        }
        SourceOptions d = SourceOptions.defaults(work.resolve("cache"));
        options = new SourceOptions(null, null, null, d.insecureRegistries(), work.resolve("cache"), null, d.limits(), Progress.NONE);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void listsEveryTag() throws IOException {
        assertThat(RegistryTags.list(registry.host() + "/tags/app:1.0", options, 100)).containsExactlyInAnyOrderElementsOf(TAGS);
    }

    @Test
    void limitCutsTheList() throws IOException {
        assertThat(RegistryTags.list(registry.host() + "/tags/app", options, 3)).hasSize(3).isSubsetOf(TAGS);
    }

    /** distribution 2.8 answers every tag in one page whatever n is, so its Link pages are played by a fake server. */
    @Test
    void followsLinkPages() throws IOException {
        List<String> pages = List.of(
                "{\"name\":\"p/app\",\"tags\":[\"a\",\"b\"]}",
                "{\"name\":\"p/app\",\"tags\":[\"c\",\"d\"]}",
                "{\"name\":\"p/app\",\"tags\":[\"e\"]}");
        try (FakeServer server = new FakeServer((exchange, call) -> {
            String next = call < pages.size() ? "</v2/p/app/tags/list?last=" + (char) ('a' + 2 * call - 1) + "&n=2>; rel=\"next\"" : null;
            byte[] body = pages.get(call - 1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (next == null) {
                FakeServer.respond(exchange, 200, body, "Content-Type", "application/json");
            } else {
                FakeServer.respond(exchange, 200, body, "Content-Type", "application/json", "Link", next);
            }
        })) {
            SourceOptions insecure = new SourceOptions(null, null, null, java.util.Set.of(server.host()), work.resolve("cache"), null,
                    options.limits(), Progress.NONE);
            try (RegistryClient client = RegistryClient.create(RegistryReference.parse(server.host() + "/p/app"), insecure,
                    RetryPolicy.DEFAULT, Clock.systemUTC())) {
                assertThat(client.tags(100, 2)).containsExactly("a", "b", "c", "d", "e");
            }
            assertThat(server.requests()).hasSize(3);
        }
    }

    @Test
    void unknownRepositoryIsBadInput() {
        assertThatThrownBy(() -> RegistryTags.list(registry.host() + "/tags/none", options, 10))
                .isInstanceOf(WardenException.class).hasMessageContaining("tags/none");
    }

    @Test
    void nextPageStaysInTheRepository() {
        String list = "/v2/tags/app/tags/list";
        assertThat(RegistryClient.nextPage("</v2/tags/app/tags/list?last=b&n=2>; rel=\"next\"", list, "t")).isEqualTo("?last=b&n=2");
        assertThat(RegistryClient.nextPage(null, list, "t")).isNull();
        assertThat(RegistryClient.nextPage("</v2/tags/app/tags/list?last=b>; rel=\"prev\"", list, "t")).isNull();
        assertThatThrownBy(() -> RegistryClient.nextPage("<https://evil.example/v2/tags/app/tags/list?last=b>; rel=\"next\"", list, "t"))
                .isInstanceOf(WardenException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> RegistryClient.nextPage("</v2/other/tags/list?last=b>; rel=\"next\"", list, "t"))
                .isInstanceOf(WardenException.class);
        assertThatThrownBy(() -> RegistryClient.nextPage("rel=\"next\"", list, "t")).isInstanceOf(WardenException.class);
    }
}
