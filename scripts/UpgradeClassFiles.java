import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies a jar, rewriting every class file older than version 50 (Java 6) as version 52 (Java 8) with the stack
 * maps that version requires; every other entry is copied unchanged.
 *
 * <p>Why: JDK 25's AOT cache (JEP 483/514, made by scripts/train-aot.sh) leaves out classes older than version 50
 * ("Unlinked class not supported by AOTClassLinking"), and picocli is compiled for Java 5. Left out, picocli is
 * loaded, verified by the old type-inferring verifier and interpreted on every run: about 0.15 s of CPU on each
 * command. The rewrite changes no instruction: the code is re-emitted as it is, with frames computed by the JDK's
 * class-file API; a class that cannot be rewritten (a supertype missing from the jar) is copied unchanged.
 *
 * <p>Usage (JDK 24+, run as a source file): {@code java scripts/UpgradeClassFiles.java IN.jar OUT.jar}. Prints how
 * many classes it rewrote; OUT.jar is written beside itself (named for this process, so concurrent runs never share it) and renamed into place.
 */
public final class UpgradeClassFiles {
    /** Class files below this major version are rewritten: 50 is the first with stack maps (type-checking verifier). */
    static final int OLDEST_KEPT = 50;
    /** The version they become: Java 8, the oldest whose rules every JDK this runs on applies unchanged. */
    static final int TARGET = 52;

    private UpgradeClassFiles() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java UpgradeClassFiles.java IN.jar OUT.jar");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path partial = out.resolveSibling(out.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        int[] counts = upgrade(in, partial);
        // same bytes and same time for the same input: a concurrent run replacing OUT leaves a cache made on it valid
        Files.setLastModifiedTime(partial, Files.getLastModifiedTime(in));
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("rewrote " + counts[0] + " class files older than version " + OLDEST_KEPT + " as version "
                + TARGET + (counts[1] > 0 ? "; kept " + counts[1] + " that could not be rewritten" : ""));
    }

    /** Returns {rewritten, kept unchanged because they could not be rewritten}. */
    static int[] upgrade(Path in, Path out) throws IOException {
        int rewritten = 0;
        int kept = 0;
        try (ZipFile zip = new ZipFile(in.toFile());
             URLClassLoader jarClasses = new URLClassLoader(new URL[] {in.toUri().toURL()}, null);
             OutputStream file = Files.newOutputStream(out);
             ZipOutputStream target = new ZipOutputStream(file)) {
            // supertypes come from the jar itself, then from the JDK
            ClassFile classFile = ClassFile.of(
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(jarClasses))),
                    ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
            for (ZipEntry entry : Collections.list(zip.entries())) {
                byte[] bytes;
                try (InputStream content = zip.getInputStream(entry)) {
                    bytes = content.readAllBytes();
                }
                if (isClass(entry) && majorVersion(bytes) < OLDEST_KEPT) {
                    try {
                        bytes = rewrite(classFile, bytes);
                        rewritten++;
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        System.err.println("kept " + entry.getName() + " unchanged: " + e.getMessage());
                        kept++;
                    }
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                target.putNextEntry(copy);
                target.write(bytes);
                target.closeEntry();
            }
        }
        return new int[] {rewritten, kept};
    }

    private static boolean isClass(ZipEntry entry) {
        // versioned entries of a multi-release jar are newer than Java 5 by definition
        return !entry.isDirectory() && entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/");
    }

    private static int majorVersion(byte[] bytes) {
        return bytes.length < 8 ? Integer.MAX_VALUE : (bytes[6] & 0xff) << 8 | bytes[7] & 0xff;
    }

    private static byte[] rewrite(ClassFile classFile, byte[] bytes) {
        ClassModel model = classFile.parse(bytes);
        ClassTransform version = (builder, element) -> {
            if (element instanceof ClassFileVersion) {
                builder.withVersion(TARGET, 0);
            } else {
                builder.with(element);
            }
        };
        // passing each instruction through (rather than the method body as a whole) makes the API re-emit the code,
        // which is what computes its stack maps
        return classFile.transformClass(model, version.andThen(
                ClassTransform.transformingMethodBodies((code, instruction) -> code.with(instruction))));
    }
}
