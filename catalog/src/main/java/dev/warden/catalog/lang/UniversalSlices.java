package dev.warden.catalog.lang;

import dev.warden.catalog.lang.ExecutableScan.Result;
import dev.warden.catalog.lang.ExecutableScan.Section;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A universal (fat) Mach-O file: each architecture's slice ({@link FatMachO}) read in turn as the Mach-O file it is,
 * in file order (the stream only goes forward), each through a reader of its own over the slice's bytes. Slices that
 * overlap an earlier one or run past the end of the file are no real slices and are left out, as are slices that are
 * not Mach-O; a {@code .dep-v0} section found in a slice is given by its offset in the whole file.
 */
final class UniversalSlices {
    private UniversalSlices() {}

    /** Reads {@code slices} of the file of {@code size} bytes that {@code reader} has read the start of. */
    static Result read(ExecutableReader reader, List<FatMachO.Slice> slices, long size, long maxBytes) throws IOException {
        List<ExecutableScan.Slice> found = new ArrayList<>();
        long previousEnd = 0;
        List<String> unread = new ArrayList<>();
        for (FatMachO.Slice s : slices) {
            if (s.offset() < previousEnd || s.offset() > size - s.size() || s.offset() >= maxBytes) {
                unread.add(s.architecture());
                continue;
            }
            previousEnd = s.offset() + s.size();
            long sliceMax = Math.min(maxBytes - s.offset(), s.size());
            Result r = reader.slice(s.offset(), s.size(), content -> ExecutableScan.scanSlice(content, s.size(), sliceMax, reader.buffer()));
            if (r != null && r.format() == ExecutableHeaders.Format.MACH_O) {
                Section depV0 = r.depV0() == null ? null : new Section(s.offset() + r.depV0().offset(), r.depV0().size());
                found.add(new ExecutableScan.Slice(s.architecture(), new Result(r.format(), r.go(), r.goProblem(), depV0)));
            }
        }
        String problem = unread.isEmpty() ? null : "the " + String.join(", ", unread)
                + " slice(s) of this universal file overlap another or lie past its end (or the size limit); not read";
        return new Result(ExecutableHeaders.Format.MACH_O, null, problem, null, ReadPlan.DONE, List.copyOf(found));
    }
}
