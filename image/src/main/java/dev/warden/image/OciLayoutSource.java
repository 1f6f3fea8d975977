package dev.warden.image;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/** {@code oci-dir://PATH[:TAG|@DIGEST]}: an OCI image layout directory. */
final class OciLayoutSource {
    private OciLayoutSource() {}

    static ImageSource open(String spec, String reference, SourceOptions options) throws IOException {
        String[] pathAndSelector = splitSelector(spec, Files::isDirectory);
        Path dir = Path.of(pathAndSelector[0]);
        if (!Files.isDirectory(dir)) {
            throw SourcePaths.wrongKind(reference, dir, "a directory holding an OCI image layout");
        }
        if (!Files.isRegularFile(dir.resolve("oci-layout"))) {
            throw new WardenException(reference + ": not an OCI image layout (no oci-layout file); for a root filesystem use fs://" + dir);
        }
        return OciLayouts.open(new LayoutStorage.Directory(dir, reference), pathAndSelector[1], reference, options, null);
    }

    /**
     * Splits "PATH", "PATH:TAG" and "PATH@DIGEST" where PATH itself may contain ':' or '@': the
     * longest prefix that exists is the path. Returns {path, selector-or-null}; a digest selector
     * keeps its '@'.
     */
    static String[] splitSelector(String spec, Predicate<Path> exists) {
        if (exists.test(Path.of(spec.isEmpty() ? "." : spec))) {
            return new String[] {spec, null};
        }
        for (int i = spec.length() - 1; i > 0; i--) {
            char c = spec.charAt(i);
            if ((c == ':' || c == '@') && exists.test(Path.of(spec.substring(0, i)))) {
                return new String[] {spec.substring(0, i), c == '@' ? spec.substring(i) : spec.substring(i + 1)};
            }
        }
        return new String[] {spec, null};
    }
}
