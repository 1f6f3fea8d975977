package dev.warden.cli;

import dev.warden.core.jar.JarCoordinates;
import dev.warden.image.testing.LiveTests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A Spring Boot 3.5 executable jar built by Maven from Maven Central artifacts (src/test/resources/springboot): the
 * project is built with the checkout's {@code ./mvnw} into a local repository of its own under {@code target/}
 * (never ~/.m2, which other builds share), and {@code mvn dependency:list} of the same build says what every packed
 * jar is. Built once per {@code target/} folder; later runs reuse it.
 *
 * @param jar             the executable jar, as the build wrote it
 * @param localRepository the Maven repository the build resolved into
 * @param expected        for each dependency packed in BOOT-INF/lib (by file name), its coordinates as dependency:list says
 * @param packedByPlugin  the jars the Spring Boot plugin packs of its own (not dependencies, not in the repository)
 */
record SpringBootFixture(Path jar, Path localRepository, Map<String, JarCoordinates> expected,
        Map<String, JarCoordinates> packedByPlugin) {
    private static final long BUILD_MINUTES = 15;

    static synchronized SpringBootFixture build() throws IOException, InterruptedException {
        LiveTests.require("Maven Central (the Spring Boot fixture's dependencies)");
        Path work = Path.of("target", "spring-boot-fixture").toAbsolutePath();
        Path project = work.resolve("project");
        Path repository = work.resolve("m2");
        Path jar = project.resolve("target/demo-1.0.jar");
        Path deps = project.resolve("target/dependency-list.txt");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(deps)) {
            Files.createDirectories(project.resolve("src/main/java/demo"));
            copyResource("springboot/pom.xml", project.resolve("pom.xml"));
            copyResource("springboot/App.java", project.resolve("src/main/java/demo/App.java"));
            Path mvnw = Path.of("..", "mvnw").toAbsolutePath().normalize();
            Process p = new ProcessBuilder(mvnw.toString(), "-B", "-ntp", "-q", "-Dmaven.repo.local=" + repository,
                    "package", "dependency:list", "-DoutputFile=" + deps, "-DincludeScope=runtime", "-DskipTests")
                    .directory(project.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("build.log").toFile()).start();
            if (!p.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("the Spring Boot fixture build took more than " + BUILD_MINUTES + " minutes");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("the Spring Boot fixture build failed (Maven Central reachable?):\n"
                        + Files.readString(work.resolve("build.log")));
            }
        }
        Map<String, JarCoordinates> expected = new HashMap<>();
        for (String line : Files.readAllLines(deps, StandardCharsets.UTF_8)) {
            // "   org.springframework:spring-core:jar:6.2.19:compile -- module spring.core [auto]"
            String[] parts = line.strip().split("\\s+")[0].split(":");
            if (parts.length >= 5 && parts[2].equals("jar")) {
                String version = parts[parts.length - 2];
                String classifier = parts.length == 6 ? "-" + parts[3] : "";
                expected.put(parts[1] + "-" + version + classifier + ".jar", new JarCoordinates(parts[0], parts[1], version));
            }
        }
        // The Spring Boot plugin also packs a jar of its own that is no dependency and not in the repository:
        // spring-boot-jarmode-tools, copied from inside spring-boot-loader-tools (published on Central as
        // org.springframework.boot:spring-boot-jarmode-tools). Anything else packed must be a dependency.
        Map<String, JarCoordinates> packedByPlugin = new HashMap<>();
        try (java.util.jar.JarFile zip = new java.util.jar.JarFile(jar.toFile())) {
            String bootVersion = zip.getManifest().getMainAttributes().getValue("Spring-Boot-Version");
            for (String name : packedJars(zip)) {
                if (name.equals("spring-boot-jarmode-tools-" + bootVersion + ".jar")) {
                    packedByPlugin.put(name, new JarCoordinates("org.springframework.boot", "spring-boot-jarmode-tools", bootVersion));
                } else if (!expected.containsKey(name)) {
                    throw new AssertionError(name + " is packed but is not a dependency");
                }
            }
        }
        return new SpringBootFixture(jar, repository, Map.copyOf(expected), Map.copyOf(packedByPlugin));
    }

    static List<String> packedJars(ZipFile zip) {
        return zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("BOOT-INF/lib/") && n.endsWith(".jar"))
                .map(n -> n.substring("BOOT-INF/lib/".length())).toList();
    }

    /** The same jar without the SBOM its build embedded: what a build without the CycloneDX plugin makes. */
    Path withoutEmbeddedSbom(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (ZipFile in = new ZipFile(jar.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                if (entry.getName().startsWith("META-INF/sbom/")) {
                    continue;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setMethod(entry.getMethod());
                if (entry.getMethod() == ZipEntry.STORED) {
                    copy.setSize(entry.getSize());
                    copy.setCompressedSize(entry.getSize());
                    copy.setCrc(entry.getCrc());
                }
                out.putNextEntry(copy);
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return target;
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = SpringBootFixture.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
