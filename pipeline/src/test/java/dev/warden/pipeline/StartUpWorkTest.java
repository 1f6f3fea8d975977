package dev.warden.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.vulndb.VulnDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link StartUpWork}'s methods start, on which thread and after what, as its {@link StartUpWork#STEPS} say. */
class StartUpWorkTest {
    @Test
    void theReportFormatIsReadiedOnTheStoreThreadOnceTheStoreIsOpen(@TempDir Path home) throws Exception {
        CompletableFuture<String> ranOn = new CompletableFuture<>();
        CompletableFuture<Boolean> storeThere = new CompletableFuture<>();
        try (BackgroundStore store = StartUpWork.advisoryStore(VulnDb.of(home, null, true, n -> { }), () -> {
            storeThere.complete(Files.exists(home.resolve("db/warden.db")));
            ranOn.complete(Thread.currentThread().getName());
        })) {
            assertThat(store.get().feedStates()).isNotEmpty();
        }
        assertThat(ranOn.get(10, TimeUnit.SECONDS)).isEqualTo(StartUpWork.STORE_THREAD);
        assertThat(storeThere.get()).as("the store was opened first").isTrue();
    }

    @Test
    void theSbomWriterIsReadiedOnADaemonThreadOfItsOwn() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        StartUpWork.sbomWriter(() -> ranOn.complete(Thread.currentThread()));
        Thread thread = ranOn.get(10, TimeUnit.SECONDS);
        assertThat(thread).isNotSameAs(Thread.currentThread());
        assertThat(thread.getName()).isEqualTo(StartUpWork.SBOM_WRITER_THREAD);
        assertThat(thread.isDaemon()).isTrue();
    }

    @Test
    void theStepsNameEachHookOnceOnTheThreadsUsed() {
        assertThat(StartUpWork.STEPS).extracting(StartUpWork.Step::hook).doesNotHaveDuplicates();
        assertThat(StartUpWork.STEPS).extracting(StartUpWork.Step::thread)
                .containsOnly(StartUpWork.STORE_THREAD, StartUpWork.SBOM_WRITER_THREAD);
        assertThat(StartUpWork.STEPS).allSatisfy(s -> assertThat(s.why()).isNotBlank());
    }
}
