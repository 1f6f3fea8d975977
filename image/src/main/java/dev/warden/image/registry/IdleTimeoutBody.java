package dev.warden.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an InputStream whose reads give up when no byte arrived for {@code idleTimeout}: the JDK's
 * own body stream waits forever on a server that stalls mid-body, and a request timeout only covers the headers.
 * One chunk list is requested at a time, so a slow reader never buffers more than the client delivers per chunk.
 * Besides, after a first {@code idleTimeout} of grace the body must keep an average of at least
 * {@link RegistryLimits#MIN_BODY_BYTES_PER_SECOND}: bytes trickling in just inside the idle timeout are a stall too.
 */
final class IdleTimeoutBody implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();

    private record Failure(Throwable cause) {}

    private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private final Duration idleTimeout;
    private final BodyStream stream = new BodyStream();
    private volatile Flow.Subscription subscription;

    private final long startNanos = System.nanoTime();

    IdleTimeoutBody(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    static HttpResponse.BodyHandler<InputStream> handler(Duration idleTimeout) {
        return info -> new IdleTimeoutBody(idleTimeout);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        // Available at once, like BodyHandlers.ofInputStream(): send() returns when the headers are in.
        return CompletableFuture.completedStage(stream);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (stream.closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        chunks.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        chunks.add(new Failure(throwable));
    }

    @Override
    public void onComplete() {
        chunks.add(END);
    }

    private final class BodyStream extends InputStream {
        private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
        private ByteBuffer current;
        private long delivered;
        private boolean ended;
        private volatile boolean closed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("response body closed");
            }
            if (len == 0) {
                return 0;
            }
            while (current == null || !current.hasRemaining()) {
                if (buffers.hasNext()) {
                    current = buffers.next();
                    continue;
                }
                if (ended) {
                    return -1;
                }
                next();
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            delivered += n;
            return n;
        }

        @SuppressWarnings("unchecked")
        private void next() throws IOException {
            Object chunk;
            long due = startNanos + idleTimeout.toNanos() + delivered * 1_000_000_000L / RegistryLimits.MIN_BODY_BYTES_PER_SECOND;
            long wait = Math.min(idleTimeout.toNanos(), due - System.nanoTime());
            if (wait <= 0) {
                throw tooSlow();
            }
            try {
                chunk = chunks.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading a response body");
            }
            if (chunk == null && System.nanoTime() - due >= 0) {
                throw tooSlow();
            }
            if (chunk == null) {
                close();
                throw new HttpTimeoutException("the server sent no data for " + seconds(idleTimeout)
                        + " (read-idle timeout; raise it with " + RegistryLimits.READ_IDLE_TIMEOUT_VARIABLE + "=SECONDS)");
            }
            if (chunk == END) {
                ended = true;
            } else if (chunk instanceof Failure f) {
                ended = true;
                throw f.cause() instanceof IOException io ? io : new IOException(f.cause());
            } else {
                buffers = ((List<ByteBuffer>) chunk).iterator();
                subscription.request(1);
            }
        }

        private HttpTimeoutException tooSlow() {
            close();
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            return new HttpTimeoutException("the server sent " + delivered + " bytes in " + seconds(took.withNanos(0))
                    + ", slower than the minimum of " + RegistryLimits.MIN_BODY_BYTES_PER_SECOND / 1024 + " KiB/s after the first "
                    + seconds(idleTimeout));
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.cancel();
                }
            }
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}
