package dev.warden.match.vex;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.finding.Finding;
import dev.warden.core.vex.VexDecision;
import dev.warden.core.vex.VexStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies VEX statements to findings. A statement applies to a finding when one of its ids (vulnerability or
 * alias) is one of the finding's ids (id or alias), and
 * <ul>
 *   <li>without subcomponents: a product names the image (digest, or repository and tag) or the finding's package;</li>
 *   <li>with subcomponents: a subcomponent names the finding's package, and a product names the image or a
 *       package present in the SBOM (the statement is scoped to those subcomponents of that product).</li>
 * </ul>
 * A package is named by its own purl or, for OS packages, by its source package's purl (distro VEX speaks of
 * source packages). When several statements apply to one finding, the latest wins: by timestamp, then by the
 * order the statements were loaded (later files and later statements win); a statement without a timestamp is
 * older than any with one. {@code not_affected} and {@code fixed} suppress, the others annotate.
 */
public final class VexApplier {
    private final List<Compiled> statements;
    private final Map<String, List<Compiled>> byVulnerability = new HashMap<>();

    public VexApplier(List<VexStatement> statements) {
        List<Compiled> compiled = new ArrayList<>(statements.size());
        int order = 0;
        for (VexStatement s : statements) {
            Compiled c = new Compiled(s, order++);
            compiled.add(c);
            for (String id : c.ids) {
                byVulnerability.computeIfAbsent(id, k -> new ArrayList<>()).add(c);
            }
        }
        this.statements = List.copyOf(compiled);
    }

    /** What applying did: the findings (with {@code vex} set where a statement won) and how each statement fared. */
    public record Outcome(List<Finding> findings, Map<VexStatement, List<Finding>> decided,
            List<VexStatement> overridden, List<VexStatement> unmatched) {
        public Outcome {
            findings = List.copyOf(findings);
            decided = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(decided));
            overridden = List.copyOf(overridden);
            unmatched = List.copyOf(unmatched);
        }
    }

    /** Products are looked for in the image and among the findings' packages. */
    public List<Finding> apply(ImageInfo image, List<Finding> findings) {
        List<Package> packages = findings.stream().map(Finding::pkg).distinct().toList();
        return evaluate(image, packages, findings).findings();
    }

    /** Products are looked for in the image and among every package of the SBOM. */
    public List<Finding> apply(Sbom sbom, List<Finding> findings) {
        return evaluate(sbom, findings).findings();
    }

    public Outcome evaluate(Sbom sbom, List<Finding> findings) {
        return evaluate(sbom.image(), sbom.packages(), findings);
    }

    public Outcome evaluate(ImageInfo image, Collection<Package> packages, List<Finding> findings) {
        Context context = new Context(ImageIdentity.of(image), packages);
        Map<Compiled, List<Finding>> won = new LinkedHashMap<>();
        Set<Compiled> matchedAny = new LinkedHashSet<>();
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding finding : findings) {
            Compiled best = null;
            String bestOn = null;
            for (Compiled c : candidates(finding)) {
                String on = c.appliesTo(finding, context);
                if (on == null) {
                    continue;
                }
                matchedAny.add(c);
                if (best == null || LATER_FIRST.compare(c, best) < 0) {
                    best = c;
                    bestOn = on;
                }
            }
            if (best == null) {
                out.add(finding);
            } else {
                Finding decided = finding.withVex(new VexDecision(best.statement, bestOn));
                won.computeIfAbsent(best, k -> new ArrayList<>()).add(decided);
                out.add(decided);
            }
        }
        Map<VexStatement, List<Finding>> decided = new LinkedHashMap<>();
        List<VexStatement> overridden = new ArrayList<>();
        List<VexStatement> unmatched = new ArrayList<>();
        for (Compiled c : statements) {
            if (won.containsKey(c)) {
                decided.put(c.statement, won.get(c));
            } else if (matchedAny.contains(c)) {
                overridden.add(c.statement);
            } else {
                unmatched.add(c.statement);
            }
        }
        return new Outcome(out, decided, overridden, unmatched);
    }

    private static final Comparator<Compiled> LATER_FIRST = Comparator
            .comparing((Compiled c) -> c.statement.timestamp(), Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparingInt(c -> c.order)
            .reversed();

    private Collection<Compiled> candidates(Finding finding) {
        Set<Compiled> found = new LinkedHashSet<>();
        for (String id : finding.allIds()) {
            List<Compiled> list = byVulnerability.get(normaliseId(id));
            if (list != null) {
                found.addAll(list);
            }
        }
        return found;
    }

    static String normaliseId(String id) {
        return id.trim().toUpperCase(Locale.ROOT);
    }

    /** One apply run: the image, the SBOM's packages, and parsed purls cached by package. */
    private static final class Context {
        final ImageIdentity image;
        final Collection<Package> packages;
        final Map<Package, List<PackageURL>> purls = new IdentityHashMap<>();
        final Map<Compiled, Boolean> productPresent = new IdentityHashMap<>();

        Context(ImageIdentity image, Collection<Package> packages) {
            this.image = image;
            this.packages = packages;
        }

        /** The package's purl and, for OS packages, its source package's purl. */
        List<PackageURL> purlsOf(Package pkg) {
            return purls.computeIfAbsent(pkg, Context::identities);
        }

        private static List<PackageURL> identities(Package pkg) {
            List<PackageURL> out = new ArrayList<>(2);
            Optional<PackageURL> own = Purls.parse(pkg.purl());
            own.ifPresent(out::add);
            if (own.isPresent() && pkg.source() != null && pkg.source().name() != null && !pkg.source().name().isEmpty()) {
                PackageURL p = own.get();
                Map<String, String> qualifiers = p.getQualifiers() == null ? new HashMap<>() : new HashMap<>(p.getQualifiers());
                qualifiers.remove("arch"); // a source package has no architecture
                String version = pkg.source().version() == null || pkg.source().version().isEmpty()
                        ? p.getVersion() : pkg.source().version();
                try {
                    out.add(new PackageURL(p.getType(), p.getNamespace(), pkg.source().name(), version,
                            new java.util.TreeMap<>(qualifiers), p.getSubpath()));
                } catch (MalformedPackageURLException e) {
                    // a source name that cannot form a purl cannot be named by one either
                }
            }
            return out;
        }
    }

    /** A statement with its ids and purls parsed once. */
    private static final class Compiled {
        final VexStatement statement;
        final int order;
        final Set<String> ids = new LinkedHashSet<>();
        final List<Product> products;
        final List<Product> subcomponents;

        Compiled(VexStatement statement, int order) {
            this.statement = statement;
            this.order = order;
            ids.add(normaliseId(statement.vulnerability()));
            statement.aliases().forEach(a -> ids.add(normaliseId(a)));
            this.products = statement.products().stream().map(Product::of).toList();
            this.subcomponents = statement.subcomponents().stream().map(Product::of).toList();
        }

        /** What matched (product or subcomponent as written), or null when the statement does not apply. */
        String appliesTo(Finding finding, Context context) {
            if (!subcomponents.isEmpty()) {
                for (Product sub : subcomponents) {
                    if (sub.namesPackage(finding.pkg(), context) && productPresent(context)) {
                        return sub.text;
                    }
                }
                return null;
            }
            for (Product product : products) {
                if (product.namesImage(context) || product.namesPackage(finding.pkg(), context)) {
                    return product.text;
                }
            }
            return null;
        }

        private boolean productPresent(Context context) {
            return context.productPresent.computeIfAbsent(this, c -> c.products.stream().anyMatch(p ->
                    p.namesImage(context) || context.packages.stream().anyMatch(pkg -> p.namesPackage(pkg, context))));
        }
    }

    /** A product or subcomponent as written, parsed as an image, a package purl, or kept as opaque text. */
    private record Product(String text, ImageIdentity image, PackageURL purl) {
        static Product of(String text) {
            Optional<PackageURL> purl = Purls.parse(text); // parsed once: it is the costly part of loading
            Optional<ImageIdentity> image = purl.isPresent() ? ImageIdentity.ofPurl(purl.get()) : ImageIdentity.ofProduct(text);
            if (image.isPresent()) {
                return new Product(text, image.get(), null);
            }
            return new Product(text, null, purl.orElse(null));
        }

        boolean namesImage(Context context) {
            return image != null && image.names(context.image);
        }

        boolean namesPackage(Package pkg, Context context) {
            if (image != null) {
                return false;
            }
            if (purl == null) {
                return text.equals(pkg.purl()) || text.equals(pkg.id()); // e.g. a CycloneDX bom-ref
            }
            for (PackageURL actual : context.purlsOf(pkg)) {
                if (PackageMatch.matches(purl, actual)) {
                    return true;
                }
            }
            return false;
        }
    }
}
