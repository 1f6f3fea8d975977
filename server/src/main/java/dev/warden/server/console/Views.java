package dev.warden.server.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * Renders the console's templates, which jte-maven-plugin compiled at build time (src/main/jte): no template compiler
 * and no template files at run time. Every value goes through {@link SafeHtmlOutput}.
 */
public final class Views {
    /** The package the build generates the templates' classes into (server/pom.xml, jte-maven-plugin's packageName). */
    static final String TEMPLATE_PACKAGE = "dev.warden.server.console.templates";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, Views.class.getClassLoader(), TEMPLATE_PACKAGE);

    /** Renders {@code template} (e.g. {@code "overview.jte"}) with its one parameter, {@code page}, as the answer. */
    public void render(Context ctx, int status, String template, Object page) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(html(template, page));
    }

    String html(String template, Object page) {
        StringOutput out = new StringOutput();
        engine.render(template, page, new SafeHtmlOutput(out));
        return out.toString();
    }
}
