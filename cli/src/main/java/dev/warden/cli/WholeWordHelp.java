package dev.warden.cli;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Usage help that wraps only at spaces. picocli's text table wraps with a {@link java.text.BreakIterator}, which
 * also breaks after {@code /}, {@code :} and {@code -}: {@code sbom://FILE}, {@code HOST:PORT} or {@code oci-dir://}
 * would end up split over two lines. Here descriptions, footers and option descriptions are laid out in lines
 * that fit their column before picocli sees them; a word longer than its column stays whole (and runs over).
 */
final class WholeWordHelp extends CommandLine.Help {
    /** For {@link CommandLine#setHelpFactory}. */
    static final CommandLine.IHelpFactory FACTORY = WholeWordHelp::new;

    /** How much deeper than its first line picocli indents a cell's wrapped lines. */
    private static final int WRAP_INDENT = 2;

    WholeWordHelp(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
        Layout layout = super.createDefaultLayout(options, positionals, scheme);
        return new Layout(scheme, layout.textTable(), layout.optionRenderer(), layout.parameterRenderer()) {
            @Override
            public void layout(ArgSpec arg, Text[][] rows) {
                super.layout(arg, rewrap(colorScheme.ansi(), table.columns(), rows));
            }
        };
    }

    /** Option-list sections, in order, and the long options each holds; the rest follow under {@link #OTHER}. */
    static final java.util.Map<String, List<String>> SECTIONS = sections();

    static final String OTHER = "Options";

    private static java.util.Map<String, List<String>> sections() {
        java.util.Map<String, List<String>> sections = new java.util.LinkedHashMap<>();
        sections.put("Source", List.of("--platform", "--max-layer-size", "--max-entries", "--catalogers", "--skip-dirs",
                "--skip-files", "--scanners", "--secret-config"));
        sections.put("Registry", List.of("--username", "--password-stdin", "--insecure-registry"));
        sections.put("Output", List.of("--format", "--output", "--severity", "--ecosystem", "--ignore-status", "--only-fixed",
                "--only-unfixed", "--show-suppressed", "--color", "--exit-code", "--fail-on"));
        sections.put("Database", List.of("--db", "--offline", "--allow-sample-db"));
        sections.put("Server", List.of("--server", "--listen", "--workers", "--job-lease", "--db-update-every"));
        return sections;
    }

    /**
     * Options whose section depends on the command: {@code --format} is what a report is written as everywhere but
     * in {@code db import}, where it names what the files read are. Keyed by the command's qualified name.
     */
    static final java.util.Map<String, java.util.Map<String, String>> COMMAND_SECTIONS = java.util.Map.of(
            "warden db import", java.util.Map.of("--format", "Input", "--feed", "Input", "--replace", "Input"));

    /** The heading {@code option} falls under in {@code command}'s help. */
    static String sectionOf(String command, String option) {
        String own = COMMAND_SECTIONS.getOrDefault(command, java.util.Map.of()).get(option);
        if (own != null) {
            return own;
        }
        return SECTIONS.entrySet().stream().filter(e -> e.getValue().contains(option))
                .map(java.util.Map.Entry::getKey).findFirst().orElse(OTHER);
    }

    /**
     * The options under headings (Input, Source, Registry, Output, Database, Server, then the rest) when they fall
     * into two sections or more; only the help's layout changes, not the options.
     */
    @Override
    public String optionListExcludingGroups(List<OptionSpec> options, Layout layout, java.util.Comparator<OptionSpec> sort,
            CommandLine.Help.IParamLabelRenderer labels) {
        java.util.Map<String, List<OptionSpec>> bySection = new java.util.LinkedHashMap<>();
        bySection.put("Input", new ArrayList<>());
        SECTIONS.keySet().forEach(k -> bySection.put(k, new ArrayList<>()));
        bySection.put(OTHER, new ArrayList<>());
        for (OptionSpec option : options) {
            bySection.get(sectionOf(commandSpec().qualifiedName(), option.longestName())).add(option);
        }
        if (bySection.entrySet().stream().filter(e -> !e.getKey().equals(OTHER) && !e.getValue().isEmpty()).count() < 2) {
            return super.optionListExcludingGroups(options, layout, sort, labels);
        }
        StringBuilder out = new StringBuilder(super.optionListExcludingGroups(new ArrayList<>(), layout, sort, labels));
        bySection.forEach((section, members) -> {
            if (!members.isEmpty()) {
                Layout part = createDefaultLayout(commandSpec().options(), commandSpec().positionalParameters(), colorScheme());
                out.append(System.lineSeparator()).append(section).append(':').append(System.lineSeparator())
                        .append(super.optionListExcludingGroups(new ArrayList<>(members), part, sort, labels));
            }
        });
        return out.toString();
    }

    @Override
    public String description(Object... params) {
        return lines(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String footer(Object... params) {
        return lines(commandSpec().usageMessage().footer(), params);
    }

    /** The synopsis after {@code Usage: }: its options wrapped at spaces, so {@code [--platform=OS/ARCH[/VARIANT]]} stays whole. */
    @Override
    protected String insertSynopsisCommandName(int headingLength, Text optionText) {
        String name = commandSpec().qualifiedName();
        int width = commandSpec().usageMessage().width();
        int indent = headingLength + name.length() + 1;
        if (indent > width / 2) {
            return super.insertSynopsisCommandName(headingLength, optionText);
        }
        List<Text> parts = wrap(optionText, width - headingLength - name.length(), width - indent);
        StringBuilder out = new StringBuilder(colorScheme().commandText(name).toString());
        for (int i = 0; i < parts.size(); i++) {
            out.append(i == 0 ? "" : " ".repeat(indent)).append(parts.get(i).toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    /** The texts formatted as picocli formats them, each wrapped at spaces to the usage width. */
    private String lines(String[] texts, Object... params) {
        StringBuilder out = new StringBuilder();
        int width = commandSpec().usageMessage().width();
        for (String template : texts) {
            String formatted;
            try {
                formatted = template == null ? "" : String.format(template, params);
            } catch (IllegalFormatException e) {
                formatted = template;
            }
            for (Text line : colorScheme().text(formatted).splitLines()) {
                String plain = line.plainString();
                int lead = plain.length() - plain.stripLeading().length();
                // an indented line (an example) goes on deeper; a paragraph keeps its margin
                int more = lead == 0 ? 0 : lead + WRAP_INDENT;
                List<Text> wrapped = wrap(line, width, width - more);
                for (int i = 0; i < wrapped.size(); i++) {
                    String indent = i == 0 ? "" : " ".repeat(more);
                    out.append(indent).append(wrapped.get(i).toString().stripTrailing()).append(System.lineSeparator());
                }
            }
        }
        return out.toString();
    }

    /** Each row whose last cell is wider than its column becomes several rows, broken at spaces only. */
    static Text[][] rewrap(CommandLine.Help.Ansi ansi, Column[] columns, Text[][] rows) {
        int last = columns.length - 1;
        Column description = columns[last];
        List<Text[]> out = new ArrayList<>();
        for (Text[] row : rows) {
            if (row.length != columns.length || row[last] == null) {
                out.add(row);
                continue;
            }
            // (a long option wider than its column gets a row of its own from picocli, the description the next)
            int room = description.width - description.indent - 1;
            List<Text> parts = wrap(row[last], room, room - WRAP_INDENT);
            for (int i = 0; i < parts.size(); i++) {
                Text[] copy = new Text[row.length];
                for (int c = 0; c < last; c++) {
                    copy[c] = i == 0 ? row[c] : ansi.new Text("");
                }
                copy[last] = i == 0 ? parts.get(i) : ansi.new Text(" ".repeat(WRAP_INDENT)).concat(parts.get(i));
                out.add(copy);
            }
        }
        return out.toArray(Text[][]::new);
    }

    /** {@code text} in pieces of at most {@code first}, then {@code rest}, characters, broken at spaces only. */
    static List<Text> wrap(Text text, int first, int rest) {
        String plain = text.plainString();
        List<Text> parts = new ArrayList<>();
        int start = 0;
        int room = Math.max(1, first);
        while (plain.length() - start > room) {
            int cut = plain.lastIndexOf(' ', start + room);
            if (cut <= start) {
                cut = plain.indexOf(' ', start + room);
                if (cut < 0) {
                    break;
                }
            }
            parts.add(text.substring(start, cut));
            start = cut;
            while (start < plain.length() && plain.charAt(start) == ' ') {
                start++;
            }
            room = Math.max(1, rest);
        }
        parts.add(text.substring(start));
        return parts;
    }
}
