package dev.warden.server.console;

import dev.warden.core.SafeText;
import gg.jte.TemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;

/**
 * jte's context-aware HTML escaping, with every value first passed through {@link SafeText#cleanLines} (line breaks and tabs are harmless in HTML): a package name holding
 * a terminal escape or a right-to-left override shows the escape ({@code \u202e}) instead of reordering what a person
 * reads. Every template renders through this output, so no template can forget it.
 */
final class SafeHtmlOutput extends OwaspHtmlTemplateOutput {
    SafeHtmlOutput(TemplateOutput out) {
        super(out);
    }

    @Override
    public void writeUserContent(String value) {
        super.writeUserContent(SafeText.cleanLines(value));
    }
}
