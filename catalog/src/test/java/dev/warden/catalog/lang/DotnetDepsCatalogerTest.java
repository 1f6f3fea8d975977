package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * There is no .NET SDK on this machine (nor in Debian), so the deps.json here is written by hand after the format
 * {@code dotnet publish} writes (runtime's host docs, "deps.json"): {@code targets} per framework and a
 * {@code libraries} object keyed "Name/Version" whose {@code type} is {@code project}, {@code package} or
 * {@code reference}.
 */
class DotnetDepsCatalogerTest {
    @TempDir
    Path dir;

    @Test
    void packageLibrariesOnly() throws IOException {
        write(dir.resolve("app/MyApp.deps.json"), """
                {
                  "runtimeTarget": {"name": ".NETCoreApp,Version=v8.0", "signature": ""},
                  "compilationOptions": {},
                  "targets": {
                    ".NETCoreApp,Version=v8.0": {
                      "MyApp/1.0.0": {"dependencies": {"Newtonsoft.Json": "13.0.3", "MyLib": "1.0.0"}, "runtime": {"MyApp.dll": {}}},
                      "Newtonsoft.Json/13.0.3": {"runtime": {"lib/net6.0/Newtonsoft.Json.dll": {"assemblyVersion": "13.0.0.0", "fileVersion": "13.0.3.27908"}}},
                      "Microsoft.Extensions.Logging.Abstractions/8.0.0-rc.2.23479.6": {},
                      "MyLib/1.0.0": {"runtime": {"MyLib.dll": {}}}
                    }
                  },
                  "libraries": {
                    "MyApp/1.0.0": {"type": "project", "serviceable": false, "sha512": ""},
                    "Newtonsoft.Json/13.0.3": {"type": "package", "serviceable": true,
                      "sha512": "sha512-HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ==",
                      "path": "newtonsoft.json/13.0.3", "hashPath": "newtonsoft.json.13.0.3.nupkg.sha512"},
                    "Microsoft.Extensions.Logging.Abstractions/8.0.0-rc.2.23479.6": {"type": "package", "serviceable": true, "sha512": "",
                      "path": "microsoft.extensions.logging.abstractions/8.0.0-rc.2.23479.6"},
                    "MyLib/1.0.0": {"type": "project", "serviceable": false, "sha512": ""},
                    "System.Runtime/4.3.0": {"type": "reference", "serviceable": false, "sha512": ""}
                  }
                }
                """);
        HostFiles.Result result = HostFiles.run(new DotnetDepsCataloger(), dir);
        assertThat(result.warnings()).isEmpty();
        assertThat(result.packages()).extracting(Package::purl).containsExactlyInAnyOrder(
                "pkg:nuget/Newtonsoft.Json@13.0.3",
                "pkg:nuget/Microsoft.Extensions.Logging.Abstractions@8.0.0-rc.2.23479.6");
        Package json = result.packages().stream().filter(p -> p.name().equals("Newtonsoft.Json")).findFirst().orElseThrow();
        assertThat(json.properties().get("nuget:sha512")).startsWith("sha512-HrC5");
        assertThat(json.locations().getFirst().path()).isEqualTo(dir.resolve("app/MyApp.deps.json").toString());
        assertThat(json.licenses()).isEmpty();
    }

    /** Malformed JSON, no libraries object, badly named entries, a huge file: one warning each; the scan goes on. */
    @Test
    void malformedFilesGiveOneWarningEach() throws IOException {
        Path broken = write(dir.resolve("a.deps.json"), "{\"libraries\": {\"X/1\": ");
        Path noLibraries = write(dir.resolve("b.deps.json"), "{\"libraries\": [1, 2]}");
        Path badNames = write(dir.resolve("c.deps.json"), "{\"libraries\": {\"NoVersion\": {\"type\": \"package\"},"
                + " \"a/b/c\": {\"type\": \"package\"}, \"Good/2.0\": {\"type\": \"package\"}}}");
        Path huge = dir.resolve("d.deps.json");
        try (var out = Files.newOutputStream(huge)) {
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i <= LangLimits.MAX_LOCKFILE_BYTES >> 20; i++) {
                out.write(spaces);
            }
        }
        HostFiles.Result result = HostFiles.run(new DotnetDepsCataloger(), dir);
        assertThat(result.packages()).extracting(Package::purl).containsExactly("pkg:nuget/Good@2.0");
        assertThat(result.warnings()).hasSize(4);
        for (Path bad : List.of(broken, noLibraries, badNames, huge)) {
            assertThat(result.warnings()).anySatisfy(w -> assertThat(w).startsWith(bad.toString()));
        }
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
