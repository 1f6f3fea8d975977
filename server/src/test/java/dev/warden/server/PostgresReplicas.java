package dev.warden.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two server replicas over one throwaway PostgreSQL, made anew for each test: a {@link PostgresCluster} and two
 * {@link ServerFixture}s, each with a WARDEN_HOME of its own as on two machines. Register it with
 * {@code @RegisterExtension final PostgresReplicas replicas = new PostgresReplicas();}; after each test both servers
 * and the cluster are stopped and the homes deleted.
 */
final class PostgresReplicas implements BeforeEachCallback, AfterEachCallback {
    private PostgresCluster pg;
    private ServerFixture a;
    private ServerFixture b;
    private Path homes;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        homes = Files.createTempDirectory("warden-replicas-");
        pg = new PostgresCluster();
        a = new ServerFixture(homes.resolve("a"), pg.url());
        b = new ServerFixture(homes.resolve("b"), pg.url());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try (PostgresCluster cluster = pg; ServerFixture first = a; ServerFixture second = b) {
            // closed in reverse order: the servers, then the cluster under them
        } finally {
            try (Stream<Path> walk = Files.walk(homes)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    PostgresCluster pg() {
        return pg;
    }

    ServerFixture a() {
        return a;
    }

    ServerFixture b() {
        return b;
    }
}
