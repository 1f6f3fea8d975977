package dev.warden.attest;

import dev.warden.image.SourceOptions;
import dev.warden.image.registry.RegistryRepository;
import java.io.IOException;
import java.util.Optional;

/** An image in a registry repository. */
final class RegistryStore implements ArtifactStore {
    private final RegistryRepository repository;

    RegistryStore(String reference, SourceOptions options) {
        this.repository = RegistryRepository.open(reference, options);
    }

    @Override
    public String describe() {
        return repository.reference().registry() + "/" + repository.reference().repository();
    }

    @Override
    public String dockerReference() {
        return describe();
    }

    @Override
    public Manifest subject() throws IOException {
        return of(repository.resolve(AttestLimits.MAX_MANIFEST_BYTES));
    }

    @Override
    public Manifest manifest(String digest) throws IOException {
        return of(repository.manifest(digest, AttestLimits.MAX_MANIFEST_BYTES));
    }

    @Override
    public Optional<Manifest> tagged(String tag) throws IOException {
        return repository.tagged(tag, AttestLimits.MAX_MANIFEST_BYTES).map(RegistryStore::of);
    }

    @Override
    public byte[] blob(String digest) throws IOException {
        return repository.blob(digest, AttestLimits.MAX_BLOB_BYTES);
    }

    @Override
    public byte[] referrers(String digest) throws IOException {
        Optional<byte[]> api = repository.referrers(digest, AttestLimits.MAX_MANIFEST_BYTES);
        if (api.isPresent()) {
            return api.get();
        }
        return tagged(OciDocuments.referrersTag(digest)).map(Manifest::content).orElse(OciDocuments.emptyIndex());
    }

    @Override
    public boolean indexesReferrers(String digest) throws IOException {
        return repository.referrers(digest, AttestLimits.MAX_MANIFEST_BYTES).isPresent();
    }

    @Override
    public String putBlob(byte[] content) throws IOException {
        return repository.putBlob(content);
    }

    @Override
    public String putManifest(byte[] content, String mediaType, String tag) throws IOException {
        String digest = OciDocuments.sha256(content);
        return repository.putManifest(content, mediaType, tag != null ? tag : digest);
    }

    private static Manifest of(RegistryRepository.Manifest m) {
        return new Manifest(m.content(), m.mediaType(), m.digest());
    }

    @Override
    public void close() {
        repository.close();
    }
}
