package dev.warden.cli;

import dev.warden.attest.KeyFiles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warden key generate [--output-key-prefix P]}: P.key (encrypted) and P.pub, as {@code cosign generate-key-pair} writes them. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden key generate --output-key-prefix target/cosign"},
        description = {"Generate an ECDSA P-256 key pair: PREFIX.key, encrypted with the passphrase from $WARDEN_PASSWORD "
                + "(else asked twice) in cosign's format (scrypt + NaCl secretbox), and PREFIX.pub (PEM).",
                "cosign and the Sigstore libraries read both files; keys cosign made work here too."})
final class KeyGenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--output-key-prefix", paramLabel = "PREFIX", description = "Path prefix of the two files (default ${DEFAULT-VALUE}).")
    String prefix = "cosign";

    @Override
    public Integer call() throws Exception {
        char[] passphrase = Passphrase.read(System.getenv(), System.console(), prefix + ".key", true);
        KeyFiles.Written written = KeyFiles.generate(prefix, passphrase);
        java.util.Arrays.fill(passphrase, '\0');
        spec.commandLine().getOut().println("Private key written to " + written.privateKey() + " (owner-only)");
        spec.commandLine().getOut().println("Public key written to " + written.publicKey() + " (key id " + written.key().shortId() + ")");
        return 0;
    }
}
