package dev.warden.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundStoreTest {
    @Test
    void opensOnItsOwnThreadThenRunsWhatWasAskedMeanwhile(@TempDir Path home) throws Exception {
        List<String> notices = new ArrayList<>();
        AtomicReference<String> meanwhileThread = new AtomicReference<>();
        AdvisoryStore store;
        try (BackgroundStore background = BackgroundStore.open(VulnDb.of(home, null, true, notices::add),
                AdvisoryStore::prepareDocuments, () -> meanwhileThread.set(Thread.currentThread().getName()))) {
            store = background.get();
            assertThat(background.get()).isSameAs(store);
            assertThat(store.feedStates()).isNotEmpty(); // the shipped snapshot, installed on first open
        }
        assertThat(meanwhileThread.get()).isEqualTo("warden-open-advisory-store");
        assertThat(notices).anyMatch(n -> n.contains("installed the snapshot"));
        assertThat(Files.exists(home.resolve("db/warden.db"))).isTrue();
        assertThatThrownBy(store::feedStates).as("closed with the BackgroundStore").isInstanceOf(RuntimeException.class);
    }

    @Test
    void aFailingHeadStartDoesNotFailTheStore(@TempDir Path home) throws Exception {
        try (BackgroundStore background = BackgroundStore.open(VulnDb.of(home, null, true, n -> { }),
                AdvisoryStore::prepareDocuments, () -> { throw new IllegalStateException("report set-up failed"); })) {
            assertThat(background.get().feedStates()).isNotEmpty();
        }
    }

    @Test
    void aStoreThatCannotOpenIsReportedByGetAndCloseStaysQuiet(@TempDir Path home) throws Exception {
        BackgroundStore background = StartUpWork.advisoryStore(VulnDb.of(home, "postgresql://", true, n -> { }));
        assertThatThrownBy(background::get).isInstanceOf(WardenException.class).hasMessageContaining("invalid database URL");
        assertThatCode(background::close).doesNotThrowAnyException();
        assertThatCode(background::close).doesNotThrowAnyException();
    }
}
