package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Sbom;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import dev.warden.image.SourceRef;
import dev.warden.pipeline.ScanPipeline;
import dev.warden.policy.PolicyEngine;
import dev.warden.server.ServerJson;
import dev.warden.server.client.PushBody;
import dev.warden.server.client.ServerCache;
import dev.warden.server.client.ServerClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warden push SOURCE --server URL}: analyses the image here, sends its SBOM and facts (never its layers); the
 * server matches, judges with its policy and VEX, stores, and answers with the verdict printed here.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden push alpine:3.19 --server http://127.0.0.1:8080",
                  "  warden push oci-dir://target/demo/oci:bookworm \\",
                  "      --server http://127.0.0.1:8080 --exit-code"},
        description = "Analyse an image and send its SBOM and facts to a Warden server, which judges and stores it; prints the digest and verdict.")
final class PushCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = SourceRef.FORMS)
    String source;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The Warden server (token from WARDEN_TOKEN).")
    String server;

    @Option(names = "--repository", paramLabel = "NAME", description = "Repository to store it under (default: from SOURCE).")
    String repository;

    @Option(names = "--tag", paramLabel = "TAG", description = "Tag it (repeatable; default: the tag SOURCE names).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--exit-code", description = "Exit 1 when the server's verdict has a violated policy.")
    boolean exitCode;

    @Option(names = "--offline", description = "Do not ask registries where the base image's tag points now.")
    boolean offline;

    @Mixin
    SourceMixin sourceOptions;

    @Mixin
    BaseImageMixin baseImages;

    @Override
    public Integer call() throws Exception {
        WardenCommand root = (WardenCommand) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = ServerJson.mapper();
        ServerClient client = new ServerClient(server, System.getenv("WARDEN_TOKEN"), json);
        // the server's policy decides whether secrets are scanned and which base images are candidates
        ServerCache.Synced synced = new ServerCache(root.home(), client, json).sync(client, n -> warn(err, n));
        PolicyFileMixin policies = new PolicyFileMixin();
        policies.policyFile = synced.policyFile().orElse(null);
        if (!root.quiet()) {
            err.println("warden: analysing " + source);
            err.flush();
        }
        SourceRef ref = SourceRef.parse(source);
        ScanPipeline pipeline = sourceOptions.pipeline(root);
        Sbom sbom = pipeline.analyse(ref, policies.needsSecrets());
        ScanResult analysed = new ScanResult(sbom, List.of(), new ScanResult.DatabaseInfo("none (the server matches)", null, java.util.Map.of()),
                Instant.now(), List.of());
        PolicyEngine.Context context = pipeline.baseImages(offline, err).context(analysed, baseImages.candidates(policies));
        String repo = repository != null ? repository : PushNames.repository(source, sbom);
        List<String> tagList = !tags.isEmpty() ? tags : PushNames.tag(source).map(List::of).orElse(List.of());
        JsonNode answer = client.push(PushBody.write(sbom, context, repo, tagList, json));
        JsonNode j = answer.path("judgement");
        out.println(answer.path("digest").asText());
        out.println("verdict: " + j.path("verdict").asText() + " (grade " + j.path("grade").asText() + ", score " + j.path("score").asInt() + "%)");
        for (JsonNode r : j.path("results")) {
            out.printf("  %-10s %s%n", r.path("status").asText().toLowerCase(java.util.Locale.ROOT), ServerClient.printable(r.path("name").asText()));
        }
        out.flush();
        return exitCode && "violated".equals(j.path("verdict").asText()) ? Cli.EXIT_FINDINGS : 0;
    }

    private static void warn(PrintWriter err, String notice) {
        err.println("warden: warning: " + notice);
        err.flush();
    }

    /** Repository and tag from a SOURCE string when not given. */
    static final class PushNames {
        private PushNames() {}

        static String repository(String source, Sbom sbom) {
            String ref = stripScheme(source);
            String name;
            if (source.startsWith("registry://") || !source.contains("://")) {
                name = withoutTagOrDigest(ref);
            } else {
                // a local layout or file: its folder or file name
                String path = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
                int colon = path.lastIndexOf(':');
                if (colon > path.lastIndexOf('/')) {
                    path = path.substring(0, colon);
                }
                Path p = Path.of(path).toAbsolutePath().normalize();
                name = p.getFileName() == null ? "root" : p.getFileName().toString();
                name = name.replaceAll("\\.(tar|tar\\.gz|json|cdx\\.json|spdx\\.json)$", "");
            }
            String clean = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._/:-]", "-").replaceAll("^[^a-z0-9]+", "");
            if (clean.isEmpty()) {
                throw new WardenException("cannot tell a repository name from '" + source + "': give --repository NAME");
            }
            return clean;
        }

        static java.util.Optional<String> tag(String source) {
            String ref = stripScheme(source);
            if (ref.contains("@")) {
                return java.util.Optional.empty();
            }
            int colon = ref.lastIndexOf(':');
            if (colon > ref.lastIndexOf('/') && colon < ref.length() - 1) {
                String tag = ref.substring(colon + 1);
                return tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}") ? java.util.Optional.of(tag) : java.util.Optional.empty();
            }
            return java.util.Optional.empty();
        }

        private static String stripScheme(String source) {
            int i = source.indexOf("://");
            return i < 0 ? source : source.substring(i + 3);
        }

        private static String withoutTagOrDigest(String ref) {
            String r = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
            int colon = r.lastIndexOf(':');
            return colon > r.lastIndexOf('/') ? r.substring(0, colon) : r;
        }
    }
}
