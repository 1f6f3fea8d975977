package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link GoBuildInfoDecoder} on bytes alone: headers, inline strings, their limits; and on a real Go binary's bytes. */
class GoBuildInfoDecoderTest {

    @Test
    void headersByPointerSizeAndFlags() {
        GoBuildInfoDecoder.Header inline = GoBuildInfoDecoder.header(header(8, 2, 0, 0), 0);
        assertThat(inline.inline()).isTrue();
        assertThat(inline.ptrSize()).isEqualTo(8);

        byte[] old = header(4, 1, 0x0804_8000L, 0x0804_9000L); // Go < 1.18, big-endian, 32-bit pointers
        GoBuildInfoDecoder.Header oldHeader = GoBuildInfoDecoder.header(old, 0);
        assertThat(oldHeader.inline()).isFalse();
        assertThat(oldHeader.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(oldHeader.versionAddress()).isEqualTo(0x0804_8000L);
        assertThat(oldHeader.modinfoAddress()).isEqualTo(0x0804_9000L);

        assertThat(GoBuildInfoDecoder.header(header(3, 2, 0, 0), 0)).as("pointer size 3").isNull();
        assertThat(GoBuildInfoDecoder.header(header(8, 4, 0, 0), 0)).as("unknown flag").isNull();
    }

    @Test
    void inlineStringsAndTheirLimits() throws Exception {
        byte[] modinfo = concat(GoBuildInfoDecoder.MODINFO_START, "path\texample.com/app\n".getBytes(StandardCharsets.UTF_8),
                GoBuildInfoDecoder.MODINFO_END);
        GoBuildInfoDecoder.GoBuildInfo info = GoBuildInfoDecoder.inline(new ByteArrayInputStream(
                concat(varint("go1.22.1".getBytes(StandardCharsets.UTF_8)), varint(modinfo))));
        assertThat(info).isEqualTo(new GoBuildInfoDecoder.GoBuildInfo("go1.22.1", "path\texample.com/app\n"));

        byte[] longVersion = new byte[BinaryLimits.MAX_GO_VERSION_BYTES + 1];
        assertThatThrownBy(() -> GoBuildInfoDecoder.inline(new ByteArrayInputStream(varint(longVersion))))
                .isInstanceOf(GoBuildInfoDecoder.Unreadable.class).hasMessage("Go version claims 97 bytes (limit 96)");
        assertThatThrownBy(() -> GoBuildInfoDecoder.inline(new ByteArrayInputStream(new byte[] {5, 'g', 'o'})))
                .hasMessage("Go version cut off by the end of the file");
        byte[] endless = new byte[11];
        java.util.Arrays.fill(endless, (byte) 0x80);
        assertThatThrownBy(() -> GoBuildInfoDecoder.inline(new ByteArrayInputStream(endless)))
                .hasMessage("Go version length is not a valid varint");
        assertThatThrownBy(() -> GoBuildInfoDecoder.buildInfo(new byte[0], modinfo)).hasMessage("Go build info without a Go version");
    }

    /** The Go toolchain's own gofmt: the header found in its bytes decodes to what {@code go version} says of it. */
    @Tag("live") // go builds the binary
    @Test
    void aRealGoBinary() throws Exception {
        Path gofmt = Path.of(Tools.run(Path.of("."), "go", "env", "GOROOT").strip(), "bin", "gofmt");
        byte[] bytes = Files.readAllBytes(gofmt);
        int at = -1;
        for (int p = 0; p + GoBuildInfoDecoder.HEADER_BYTES <= bytes.length; p += GoBuildInfoDecoder.ALIGN) {
            if (java.util.Arrays.equals(bytes, p, p + GoBuildInfoDecoder.MAGIC.length, GoBuildInfoDecoder.MAGIC, 0,
                    GoBuildInfoDecoder.MAGIC.length)) {
                at = p;
                break;
            }
        }
        assertThat(at).as("build info header in " + gofmt).isNotNegative();
        GoBuildInfoDecoder.Header header = GoBuildInfoDecoder.header(bytes, at);
        assertThat(header.inline()).isTrue();
        int after = at + GoBuildInfoDecoder.HEADER_BYTES;
        GoBuildInfoDecoder.GoBuildInfo info = GoBuildInfoDecoder.inline(new ByteArrayInputStream(bytes, after, bytes.length - after));
        String goVersion = Tools.run(Path.of("."), "go", "version", gofmt.toString()); // "PATH: go1.19.8"
        assertThat(info.version()).isEqualTo(goVersion.substring(goVersion.lastIndexOf(' ') + 1).strip());
    }

    private static byte[] header(int ptrSize, int flags, long version, long modinfo) {
        byte[] h = new byte[GoBuildInfoDecoder.HEADER_BYTES];
        System.arraycopy(GoBuildInfoDecoder.MAGIC, 0, h, 0, GoBuildInfoDecoder.MAGIC.length);
        h[14] = (byte) ptrSize;
        h[15] = (byte) flags;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h).order((flags & 1) != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (ptrSize == 4) {
            b.putInt(16, (int) version).putInt(20, (int) modinfo);
        } else if (ptrSize == 8) {
            b.putLong(16, version);
        }
        return h;
    }

    private static byte[] varint(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = text.length;
        while (n >= 0x80) {
            out.write((int) (n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.write((int) n);
        out.writeBytes(text);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
