package dev.warden.catalog.lang;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.warden.core.WardenException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The executable decoders on bytes alone, and the read of a whole executable with the plans it makes: any exception
 * other than a WardenException (or, for the reads, the EOFException of a file cut short, which the cataloger turns
 * into one warning) is a finding. Regression mode replays src/test/resources/dev/warden/catalog/lang/BinaryDecoderFuzzTestInputs/.
 * (CatalogFuzzTest#executable fuzzes the same through a whole catalog run.)
 */
class BinaryDecoderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void executableHeaders(byte[] input) {
        ExecutableHeaders.parse(input, input.length);
    }

    @FuzzTest(maxDuration = "30s")
    void fatMachO(byte[] input) {
        FatMachO.slices(input, input.length);
    }

    @FuzzTest(maxDuration = "30s")
    void goBuildInfo(byte[] input) {
        if (input.length < GoBuildInfoDecoder.HEADER_BYTES) {
            return;
        }
        GoBuildInfoDecoder.Header header = GoBuildInfoDecoder.header(input, 0);
        if (header == null) {
            return;
        }
        int after = GoBuildInfoDecoder.HEADER_BYTES;
        try {
            if (header.inline()) {
                GoBuildInfoDecoder.inline(new ByteArrayInputStream(input, after, input.length - after));
            } else if (input.length >= after + 2 * header.ptrSize()) {
                GoBuildInfoDecoder.stringHeader(java.util.Arrays.copyOfRange(input, after, after + 2 * header.ptrSize()), header);
            }
        } catch (GoBuildInfoDecoder.Unreadable e) {
            // the input's own fault, named
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void elfSectionTable(byte[] input) {
        ExecutableHeaders headers = ExecutableHeaders.parse(input, input.length);
        ExecutableHeaders.ElfSections t = headers == null ? null : headers.elfSections();
        if (!ElfSectionTable.valid(t) || t.offset() > input.length - t.tableBytes()) {
            return;
        }
        ByteBuffer table = ByteBuffer.wrap(input, (int) t.offset(), (int) t.tableBytes()).slice().order(t.order());
        ElfSectionTable.nameTable(t, table, input.length).ifPresent(names -> {
            ElfSectionTable.named(t, table, input, (int) names.offset(), (int) names.size());
            ElfSectionTable.depV0AtNameOffsets(t, table, names.offset(), java.util.List.of(names.offset()));
        });
    }

    @FuzzTest(maxDuration = "30s")
    void cargoAuditable(byte[] input) {
        try {
            CargoAuditable.parse(input, "fuzz");
        } catch (WardenException e) {
            // refused, named
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first read, then what its plan asks for, as BinaryCataloger does it. */
    @FuzzTest(maxDuration = "30s")
    void executableScan(byte[] input) {
        byte[] buffer = ExecutableScan.newBuffer();
        try {
            ExecutableScan.Result first = ExecutableScan.scan(new ByteArrayInputStream(input), input.length,
                    BinaryLimits.MAX_BINARY_BYTES, buffer);
            if (first == null) {
                return;
            }
            switch (first.next()) {
                case ReadPlan.Names names -> ExecutableScan.scanNames(new ByteArrayInputStream(input), input.length, names.nameTable(), buffer);
                case ReadPlan.Whole whole -> ExecutableScan.scanWhole(new ByteArrayInputStream(input), BinaryLimits.MAX_BINARY_BYTES, buffer);
                case ReadPlan.Done done -> { }
            }
        } catch (EOFException e) {
            // cut short: one warning in the cataloger
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
