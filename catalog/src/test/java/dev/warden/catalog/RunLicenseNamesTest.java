package dev.warden.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each cataloguing run has its own licence names: shared by the run's catalogers, never by two runs. */
class RunLicenseNamesTest {

    /** What each started session was given, and how much its licence names held when it started. */
    private record Started(LicenseNames names, int rememberedAtStart) {}

    /** A cataloger that maps one licence name when it finishes, as the OS catalogers do. */
    private record Mapping(List<Started> started) implements Cataloger {
        @Override
        public String name() {
            return "mapping";
        }

        @Override
        public Session start(CatalogContext context) {
            LicenseNames names = context.licenseNames();
            synchronized (started) {
                started.add(new Started(names, names.rememberedNames()));
            }
            return new Session() {
                @Override
                public boolean wants(FileEntry entry) {
                    return false;
                }

                @Override
                public void accept(FileEntry entry, InputStream content) {}

                @Override
                public void finish(FileSystemView files, PackageSink sink) {
                    assertThat(names.toSpdx("GPL-2+")).isEqualTo("GPL-2.0-or-later");
                }
            };
        }
    }

    @Test
    void catalogersOfOneRunShareTheNamesAndTheNextRunStartsEmpty(@TempDir Path dir) throws IOException {
        List<Started> started = new ArrayList<>();
        Catalog catalog = new Catalog(List.of(new Mapping(started), new Mapping(started)), dir.resolve("scratch"));
        try (ImageSource source = ImageSources.open("fs://" + dir.toAbsolutePath(), SourceOptions.defaults(dir.resolve("cache")))) {
            catalog.run(source.info(), source.files());
            catalog.run(source.info(), source.files());
        }

        assertThat(started).hasSize(4);
        LicenseNames first = started.get(0).names();
        LicenseNames second = started.get(2).names();
        assertThat(started.get(1).names()).isSameAs(first);
        assertThat(started.get(3).names()).isSameAs(second);
        assertThat(second).isNotSameAs(first);
        assertThat(first.rememberedNames()).isEqualTo(1);
        assertThat(started).allSatisfy(s -> assertThat(s.rememberedAtStart()).isZero());
    }
}
