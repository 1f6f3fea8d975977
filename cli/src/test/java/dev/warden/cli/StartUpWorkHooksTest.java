package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.pipeline.StartUpWork;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Start-up's list against the code: every step of {@link StartUpWork#STEPS} names a method that exists, and every
 * {@code prepare...()} hook any Warden class declares (all modules are on this module's class path) is one a step
 * calls. A new warm-up hook that start-up does not call fails here: add it to {@code StartUpWork} with why.
 */
class StartUpWorkHooksTest {

    @Test
    void everyStepNamesAMethodThatExists() throws Exception {
        for (StartUpWork.Step step : StartUpWork.STEPS) {
            assertThat(hookMethod(step)).as(step.hook()).isNotNull();
        }
    }

    @Test
    void everyPrepareHookIsCalledByAStartUpStep() throws Exception {
        List<String> classes = wardenMainClasses();
        assertThat(classes).as("Warden's classes on the class path").hasSizeGreaterThan(500)
                .contains("dev.warden.report.JsonFormat", "dev.warden.catalog.sbom.SbomWriter");
        List<Method> hooks = new ArrayList<>();
        for (StartUpWork.Step step : StartUpWork.STEPS) {
            hooks.add(hookMethod(step));
        }
        TreeSet<String> uncalled = new TreeSet<>();
        int found = 0;
        for (String name : classes) {
            Class<?> type = Class.forName(name, false, getClass().getClassLoader());
            for (Method m : type.getDeclaredMethods()) {
                if (!m.getName().startsWith("prepare") || m.getParameterCount() != 0 || m.isSynthetic()
                        || Modifier.isPrivate(m.getModifiers()) || Modifier.isStatic(m.getModifiers())
                        || Modifier.isAbstract(m.getModifiers())) {
                    continue; // helpers, and declarations (WarmUp's) that do nothing themselves
                }
                found++;
                boolean called = hooks.stream().anyMatch(h -> h.getName().equals(m.getName())
                        && h.getDeclaringClass().isAssignableFrom(type));
                if (!called) {
                    uncalled.add(name + "#" + m.getName());
                }
            }
        }
        assertThat(uncalled).as("prepare hooks no StartUpWork step calls").isEmpty();
        assertThat(found).as("SbomWriter, ReportFormat, JsonFormat, SarifFormat, AdvisoryStore at least").isGreaterThanOrEqualTo(5);
    }

    private static Method hookMethod(StartUpWork.Step step) throws ReflectiveOperationException {
        String[] parts = step.hook().split("#");
        return Class.forName(parts[0]).getMethod(parts[1]);
    }

    /** The classes of package dev.warden in the main (not test) class folders and jars of the class path. */
    private static List<String> wardenMainClasses() throws IOException {
        List<String> names = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path) && !path.endsWith("test-classes")) {
                Path root = path.resolve("dev/warden");
                if (Files.isDirectory(root)) {
                    try (Stream<Path> files = Files.walk(root)) {
                        files.map(p -> path.relativize(p).toString()).filter(StartUpWorkHooksTest::isClass)
                                .forEach(p -> names.add(className(p.replace(File.separatorChar, '/'))));
                    }
                }
            } else if (entry.endsWith(".jar") && !entry.endsWith("-tests.jar") && path.getFileName().toString().startsWith("warden-")
                    && Files.isRegularFile(path)) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("dev/warden/") && isClass(n))
                            .forEach(n -> names.add(className(n)));
                }
            }
        }
        return names;
    }

    private static boolean isClass(String path) {
        return path.endsWith(".class") && !path.endsWith("module-info.class") && !path.endsWith("package-info.class");
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}
