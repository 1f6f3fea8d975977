package dev.warden.catalog.sbom;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Keeps Jackson (which closes the streams it writes) from closing the caller's stream. */
final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
