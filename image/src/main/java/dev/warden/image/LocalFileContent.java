package dev.warden.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The content of a file that is a regular file of this machine ({@code fs://} sources), as a stream that also offers
 * the open file for random access: a reader that needs only parts of a file (a zip's central directory and the few
 * entries it reads) reads those, where a layer's stream has to be read through. The channel is the one the stream
 * reads, opened once without following links, so random access reads exactly the file the walk saw; read it with
 * positional reads only ({@link FileChannel#read(java.nio.ByteBuffer, long)}), the stream's position is its own.
 *
 * <p>{@link #close()} leaves the file open: the source that opened it closes it ({@link #release()}) after every
 * reader of the file is done, so a cataloger may close what it was given without a close shield. A reader that goes
 * on reading the file after the visit that handed it over (on a thread of its own) {@link #keep()}s it and releases
 * it when done: the file closes with the last release.
 */
public final class LocalFileContent extends InputStream {
    private final FileChannel channel;
    private final InputStream stream;
    /** The source, and each reader that kept the file past its visit: the file closes when the last one releases it. */
    private final AtomicInteger holders = new AtomicInteger(1);

    private LocalFileContent(FileChannel channel) {
        this.channel = channel;
        this.stream = Channels.newInputStream(channel);
    }

    /** Opens a regular file without following a link in its last element; the caller {@link #release()}s it. */
    public static LocalFileContent open(Path file) throws IOException {
        return new LocalFileContent(FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    /** The content as a local file when it is one, as a source handed it to its readers. */
    public static Optional<LocalFileContent> of(InputStream content) {
        return content instanceof LocalFileContent local ? Optional.of(local) : Optional.empty();
    }

    /** The open file; for positional reads. */
    public FileChannel channel() {
        return channel;
    }

    @Override
    public int read() throws IOException {
        return stream.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return stream.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        return stream.skip(n);
    }

    @Override
    public int available() throws IOException {
        return stream.available();
    }

    @Override
    public void close() {
        // the source closes the file: release()
    }

    /**
     * Keeps the file open after the visit that handed it over, for a reader that reads it later on another thread
     * (positional reads only); that reader {@link #release()}s it. Call it during the visit.
     */
    public LocalFileContent keep() {
        if (holders.getAndIncrement() <= 0) {
            throw new IllegalStateException("kept after its last release");
        }
        return this;
    }

    /** Lets go of the file: whoever opened it, and each reader that {@link #keep()}s it; the last one closes it. */
    public void release() throws IOException {
        if (holders.decrementAndGet() == 0) {
            channel.close();
        }
    }
}
