package dev.warden.server;

import com.microsoft.playwright.Page;
import dev.warden.image.testing.LiveTests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** axe-core from npm (version pinned in console/package.json), installed once into {@code target/axe}, run in a page. */
final class AxeCore {
    private AxeCore() {}

    static String source() throws IOException, InterruptedException {
        LiveTests.require("npm and registry.npmjs.org (axe-core)");
        Path dir = Path.of("target", "axe").toAbsolutePath();
        Files.createDirectories(dir);
        try (InputStream in = AxeCore.class.getClassLoader().getResourceAsStream("console/package.json")) {
            Files.copy(in, dir.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path script = dir.resolve("node_modules/axe-core/axe.min.js");
        if (!Files.isRegularFile(script)) {
            Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error").directory(dir.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("npm install axe-core failed:\n" + out);
            }
        }
        return Files.readString(script);
    }

    /** The serious and critical violations axe finds in the page as it is now, one line each. */
    static List<String> seriousOrCritical(Page page, String axeSource) {
        if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
            page.addScriptTag(new Page.AddScriptTagOptions().setContent(axeSource));
        }
        Object result = page.evaluate("async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
                + " return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).join(', ')})); }");
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) result) {
            Map<?, ?> v = (Map<?, ?>) o;
            out.add(v.get("impact") + " " + v.get("id") + " (" + v.get("help") + "): " + v.get("nodes"));
        }
        return out;
    }
}
