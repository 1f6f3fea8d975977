package dev.warden.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeadStartTest {

    @Test
    void runsOnADaemonThreadOfItsOwnWithoutMakingTheCallerWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        HeadStart.run("warden-test-head-start", () -> {
            ranOn.complete(Thread.currentThread());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // the caller is back while the work still blocks
        Thread thread = ranOn.get(10, TimeUnit.SECONDS);
        assertThat(thread).isNotSameAs(Thread.currentThread());
        assertThat(thread.getName()).isEqualTo("warden-test-head-start");
        assertThat(thread.isDaemon()).isTrue();
        release.countDown();
        thread.join(10_000);
        assertThat(thread.isAlive()).as("the thread ends with its work").isFalse();
    }

    @Test
    void aFailingHeadStartLeavesNoTrace() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        CompletableFuture<Throwable> uncaught = new CompletableFuture<>();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.complete(e));
        try {
            HeadStart.run("warden-test-failing-head-start", () -> {
                ranOn.complete(Thread.currentThread());
                throw new IllegalStateException("boom");
            });
            Thread thread = ranOn.get(10, TimeUnit.SECONDS);
            thread.join(10_000);
            assertThat(uncaught).as("nothing escapes to the uncaught handler (which would print a stack trace)").isNotDone();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }
}
