package dev.warden.catalog.secret;

import dev.warden.core.Secret;
import dev.warden.core.SecretScan;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets in one image's files. It never reads files itself: the catalog's single pass over the layers
 * feeds it the files it {@link #wants}, byte by byte as they stream past ({@link FileScan}), so a file is never
 * held whole and costs at most {@link SecretLimits#MAX_CHUNK_BYTES} of memory. Files may arrive from several
 * threads; each has its own {@link FileScan}, and only the results are shared.
 *
 * <p>The secret itself is kept nowhere: a match becomes its first four characters and {@code *****} at once.
 */
public final class SecretScanner {
    private final List<SecretRule> rules;
    /** The rule set's global allow-lists. */
    private final List<SecretAllowlist> allowlists;
    private final KeywordIndex keywords;
    /** Lines shorter than this cannot hold a match: {@link #MIN_LINE_BYTES} for the built-in rules, 1 with a user's. */
    private final int minLineBytes;
    private final List<Secret> found = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private int dropped;

    public SecretScanner(List<SecretRule> rules) {
        this(new SecretRuleSet(rules, List.of(), "built-in"));
    }

    public SecretScanner(SecretRuleSet ruleSet) {
        this.rules = ruleSet.rules();
        this.allowlists = ruleSet.allowlists();
        this.keywords = new KeywordIndex(this.rules);
        this.minLineBytes = rules.stream().anyMatch(SecretRule::untrusted) ? 1 : MIN_LINE_BYTES;
    }

    public static SecretScanner withBuiltinRules() {
        return new SecretScanner(SecretRuleSet.builtin());
    }

    /** Regular files up to {@link SecretLimits#MAX_FILE_BYTES} outside the skipped paths. */
    public boolean wants(FileEntry entry) {
        return entry.isFile() && entry.size() <= SecretLimits.MAX_FILE_BYTES && !SecretPaths.skipped(entry.path());
    }

    /** Starts scanning one file; feed it the bytes, then {@link FileScan#finish()}. */
    public FileScan open(FileEntry entry) {
        return new FileScan(entry, false);
    }

    /**
     * Scans a file a later layer deleted or replaced (still in its own layer) from {@code content}: what it holds is
     * reported as {@link Secret#removedLater()}.
     */
    public void scanRemoved(FileEntry entry, InputStream content) throws IOException {
        FileScan scan = new FileScan(entry, true);
        scan.drain(content);
        scan.finish();
    }

    /** Scans a whole file from {@code content} (read up to the size limit). */
    public void scan(FileEntry entry, InputStream content) throws IOException {
        FileScan scan = open(entry);
        scan.drain(content);
        scan.finish();
    }

    /** What was found, ordered by path, line and rule. */
    public synchronized SecretScan result() {
        return new SecretScan(true, found.stream()
                .sorted(Comparator.comparing(Secret::path).thenComparingInt(Secret::line).thenComparing(Secret::ruleId)
                        .thenComparing(Secret::layerDiffId))
                .toList());
    }

    /** Files cut short and findings dropped by the limits, one line each. */
    public synchronized List<String> warnings() {
        List<String> all = new ArrayList<>(warnings);
        if (dropped > 0) {
            all.add("secrets: more than " + SecretLimits.MAX_FINDINGS_PER_IMAGE + " secrets in the image; " + dropped + " more not listed");
        }
        return all;
    }

    private synchronized void report(Secret secret) {
        if (found.size() >= SecretLimits.MAX_FINDINGS_PER_IMAGE) {
            dropped++;
        } else {
            found.add(secret);
        }
    }

    private synchronized void warn(String message) {
        warnings.add("secrets: " + message);
    }

    /** The shortest match of any built-in rule: a generic value of 10 characters after "token=" (16). */
    private static final int MIN_LINE_BYTES = 16;

    /** A user's rule ran past the file's step budget: the rest of the file is not scanned. */
    private static final class OverBudget extends RuntimeException {
        OverBudget() {
            super(null, null, false, false);
        }
    }

    /**
     * A line as a {@link CharSequence} that counts every character a regular expression reads, against the file's
     * budget: java.util.regex backtracks, so a user's pattern like {@code (a+)+$} could otherwise run for hours on one
     * line. Built-in rules are written not to backtrack and read the plain string.
     */
    private static final class Budgeted implements CharSequence {
        private final String text;
        private final long[] left;

        Budgeted(String text, long[] left) {
            this.text = text;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) throw new OverBudget();
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text.substring(start, end), left);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A line buffer starts this small and doubles as long lines need. */
    private static final int INITIAL_LINE_BYTES = 1 << 10;

    /** One file being scanned: lines are cut from the bytes as they arrive. */
    public final class FileScan {
        private final FileEntry entry;
        private final boolean config;
        /** The current line; grows up to {@link SecretLimits#MAX_CHUNK_BYTES} (most lines are short, most files small). */
        private byte[] buffer = new byte[INITIAL_LINE_BYTES];
        private int length;
        private long seen;
        private int line = 1;
        private int found;
        /** No more bytes wanted: binary, at the size limit, or finished. */
        private boolean done;
        /** Too many findings: the rest of the file is not scanned. */
        private boolean stopped;
        private boolean binary;
        /** Past the binary probe without a NUL. */
        private boolean text;
        /** Findings in the first {@link SecretLimits#BINARY_PROBE_BYTES}, published once the file proves to be text. */
        private final List<Secret> held = new ArrayList<>();
        /** Private-key BEGIN lines waiting for their body, with the lines left to find it in. */
        private final List<Pending> pending = new ArrayList<>();

        /** The file is in an earlier layer only: a later one deleted or replaced it. */
        private final boolean removedLater;
        /** The rules that may match in this file: its kind, the rules' paths and the allow-lists' paths decide. */
        private final long[] active;
        /** Scratch for the rules whose keywords a line holds. */
        private final long[] hits;
        /** Characters users' expressions may still read in this file ({@link SecretLimits#MAX_REGEX_STEPS_PER_FILE}). */
        private final long[] budget = {SecretLimits.MAX_REGEX_STEPS_PER_FILE};

        private FileScan(FileEntry entry, boolean removedLater) {
            this.entry = entry;
            this.removedLater = removedLater;
            this.config = SecretPaths.isConfigFile(entry.path());
            this.active = new long[keywords.words];
            this.hits = new long[keywords.words];
            try {
                // a global list for every rule that allows this path: nothing in the file is scanned (asked once, not per rule)
                for (SecretAllowlist a : allowlists) {
                    if (a.targetRules().isEmpty() && a.allowsFile(entry.path(), this::findBudgeted)) return;
                }
                for (int r = 0; r < rules.size(); r++) {
                    SecretRule rule = rules.get(r);
                    if (rule.configFilesOnly() && !config) continue;
                    if (rule.path() != null && !find(rule, rule.path(), entry.path())) continue;
                    if (fileAllowed(rule)) continue;
                    if (rule.pathOnly()) {
                        // the file's name is the finding (a keystore, a .p12): reported whatever its content
                        report(new Secret(rule.id(), rule.category(), rule.severity(), rule.title(), entry.path(),
                                entry.layerDiffId(), 0, SecretValues.redact(entry.name()), removedLater));
                        continue;
                    }
                    active[r / Long.SIZE] |= 1L << (r % Long.SIZE);
                }
            } catch (OverBudget e) {
                stopped = true;
                done = true;
                warn(entry.path() + ": secret rules' path expressions took more than " + SecretLimits.MAX_REGEX_STEPS_PER_FILE
                        + " steps; the file is not scanned");
            }
        }

        /** Whether an allow-list of the rule, or a global one that applies to it, allows everything at this path. */
        private boolean fileAllowed(SecretRule rule) {
            for (SecretAllowlist a : rule.allowlists()) {
                if (a.allowsFile(entry.path(), this::findBudgeted)) return true;
            }
            for (SecretAllowlist a : allowlists) {
                if (!a.targetRules().isEmpty() && a.appliesTo(rule.id()) && a.allowsFile(entry.path(), this::findBudgeted)) {
                    return true;
                }
            }
            return false;
        }

        /** {@code pattern.matcher(text).find()} under this file's budget. */
        private boolean findBudgeted(Pattern pattern, String text) {
            return pattern.matcher(new Budgeted(text, budget)).find();
        }

        /** {@code pattern.matcher(text).find()}, under this file's budget for a user's rule. */
        private boolean find(SecretRule rule, Pattern pattern, String text) {
            return pattern.matcher(rule.untrusted() ? new Budgeted(text, budget) : text).find();
        }

        /** True once more bytes would change nothing: binary, past the size limit, or too many findings. */
        public boolean done() {
            return done;
        }

        public void feed(byte[] bytes, int offset, int count) {
            if (done) return;
            if (seen + count > SecretLimits.MAX_FILE_BYTES) {
                count = (int) (SecretLimits.MAX_FILE_BYTES - seen); // the entry lied about its size: stop at the limit
                done = true;
            }
            if (seen < SecretLimits.BINARY_PROBE_BYTES) {
                int probe = (int) Math.min(count, SecretLimits.BINARY_PROBE_BYTES - seen);
                for (int i = offset; i < offset + probe; i++) {
                    if (bytes[i] == 0) {
                        done = true; // binary: nothing a rule matches is configuration
                        binary = true;
                        held.clear();
                        return;
                    }
                }
            }
            seen += count;
            text = seen >= SecretLimits.BINARY_PROBE_BYTES;
            if (text && !held.isEmpty()) {
                publishHeld();
            }
            try {
                lines(bytes, offset, offset + count);
            } catch (OverBudget e) {
                stopped = true;
                warn(entry.path() + ": custom secret rules took more than " + SecretLimits.MAX_REGEX_STEPS_PER_FILE
                        + " regular-expression steps; the rest of the file is not scanned (a pattern that backtracks?)");
            } catch (RuntimeException | StackOverflowError e) {
                // a rule tripping on one hostile file must not end the scan; the message could quote the file
                stopped = true;
                warn(entry.path() + ": not scanned for secrets: " + e.getClass().getSimpleName());
            }
            if (stopped) done = true;
        }

        private void lines(byte[] bytes, int from, int end) {
            for (int i = from; i < end && !stopped; ) {
                int newline = i;
                while (newline < end && bytes[newline] != '\n') newline++;
                append(bytes, i, newline - i);
                if (newline < end) {
                    scanLine(false);
                    line++;
                    length = 0;
                }
                i = newline + 1;
            }
        }

        /** Adds to the current line; a line longer than the largest piece is scanned in overlapping pieces. */
        private void append(byte[] bytes, int from, int n) {
            while (n > 0 && !stopped) {
                if (length == buffer.length) {
                    if (buffer.length < SecretLimits.MAX_CHUNK_BYTES) {
                        buffer = java.util.Arrays.copyOf(buffer, Math.min(buffer.length * 2, SecretLimits.MAX_CHUNK_BYTES));
                    } else {
                        scanLine(true);
                        System.arraycopy(buffer, length - SecretLimits.CHUNK_OVERLAP_BYTES, buffer, 0, SecretLimits.CHUNK_OVERLAP_BYTES);
                        length = SecretLimits.CHUNK_OVERLAP_BYTES;
                    }
                }
                int copied = Math.min(n, buffer.length - length);
                System.arraycopy(bytes, from, buffer, length, copied);
                length += copied;
                from += copied;
                n -= copied;
            }
        }

        /** Reads {@code in} to its end or until more bytes would change nothing. */
        public void drain(InputStream in) throws IOException {
            byte[] chunk = new byte[8192];
            int n;
            while (!done && (n = in.read(chunk)) > 0) {
                feed(chunk, 0, n);
            }
        }

        /** The last line (without a newline) is scanned; a BEGIN line with no body is no key. */
        public void finish() {
            if (!binary && !stopped && length > 0) {
                try {
                    scanLine(false);
                } catch (OverBudget e) {
                    warn(entry.path() + ": custom secret rules took more than " + SecretLimits.MAX_REGEX_STEPS_PER_FILE
                            + " regular-expression steps; the rest of the file is not scanned (a pattern that backtracks?)");
                } catch (RuntimeException | StackOverflowError e) {
                    warn(entry.path() + ": not scanned for secrets: " + e.getClass().getSimpleName());
                }
            }
            done = true;
            pending.clear();
            if (!binary) {
                publishHeld();
            }
        }

        private void publishHeld() {
            held.forEach(SecretScanner.this::report);
            held.clear();
        }

        /**
         * An input stream that passes {@code in}'s bytes to its reader and to this scan alike, so a file a
         * cataloger also wants is read once. Closing it leaves {@code in} open.
         */
        public Tee tee(InputStream in) {
            return new Tee(in);
        }

        /** {@link #tee}'s stream; {@link #drain()} reads what its reader left, until the scan needs no more. */
        public final class Tee extends InputStream {
            private final InputStream in;

            private Tee(InputStream in) {
                this.in = in;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) feed(new byte[] {(byte) b}, 0, 1);
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) feed(b, off, n);
                return n;
            }

            @Override
            public int available() throws IOException {
                return in.available();
            }

            /**
             * Once the scan wants no more bytes (a binary, after its first bytes), a skip is passed on: a seek on a plain
             * file, where a cataloger skips the middle of a large executable. Before that the skipped bytes are read
             * and so scanned.
             */
            @Override
            public long skip(long n) throws IOException {
                return done ? in.skip(n) : super.skip(n);
            }

            /** Reads (and so scans) the rest of the file, then finishes the scan. */
            public void drain() throws IOException {
                byte[] chunk = new byte[8192];
                while (!done && read(chunk, 0, chunk.length) >= 0) {
                    // read() fed the bytes
                }
                finish();
            }
        }

        /**
         * Runs the rules on the buffered line. A {@code partial} line (a chunk of a longer one) reports only
         * matches that start before the overlap kept for the next chunk, so none is reported twice.
         */
        private void scanLine(boolean partial) {
            if (length < minLineBytes && pending.isEmpty()) {
                return; // no rule matches fewer characters: blank lines, braces, short words cost nothing
            }
            boolean any = keywords.rulesIn(buffer, length, hits);
            if (any) {
                any = false;
                for (int w = 0; w < hits.length; w++) {
                    hits[w] &= active[w];
                    any |= hits[w] != 0;
                }
            }
            if (!any && pending.isEmpty()) {
                return; // most lines: no rule's keyword, no string made
            }
            String text = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
            if (!pending.isEmpty()) {
                confirmKeys(text);
            }
            int limit = partial ? length - SecretLimits.CHUNK_OVERLAP_BYTES : length;
            int before = found;
            for (int r = 0; r < rules.size() && any; r++) {
                SecretRule rule = rules.get(r);
                if ((hits[r / Long.SIZE] & (1L << (r % Long.SIZE))) == 0) continue;
                if (rule.configFilesOnly() && found > before) continue; // a named token is reported once, by its own rule
                CharSequence input = rule.untrusted() ? new Budgeted(text, budget) : text;
                if (rule.context() != null && !rule.context().matcher(input).find()) continue;
                Matcher m = rule.pattern().matcher(input);
                while (m.find() && m.start() < limit && !stopped) {
                    String secret = SecretValues.secretOf(m, rule.secretGroup());
                    if (secret == null || secret.isEmpty()) continue;
                    if (!rule.untrusted() && SecretValues.placeholder(secret, rule.configFilesOnly())) continue;
                    if (rule.minEntropy() > 0 && SecretValues.entropy(secret) < rule.minEntropy()) continue;
                    if (allowed(rule, text, m.group(), secret)) continue;
                    if (rule.body() != null) {
                        String inline = inlineBody(text, m.end());
                        if (rule.body().matcher(inline).matches()) {
                            found(rule, line, inline); // a key in a JSON string: "-----BEGIN PRIVATE KEY-----\nMIIE..."
                        } else {
                            pending.add(new Pending(rule, line, SecretLimits.PRIVATE_KEY_LOOKAHEAD_LINES));
                        }
                    } else {
                        found(rule, line, secret);
                    }
                }
            }
        }

        /** Whether an allow-list of the rule, or a global one that applies to it, allows this match. */
        private boolean allowed(SecretRule rule, String line, String match, String secret) {
            SecretAllowlist.Matching matching = this::findBudgeted; // allow-lists are always a user's
            for (SecretAllowlist a : rule.allowlists()) {
                if (a.allows(entry.path(), line, match, secret, matching)) return true;
            }
            for (SecretAllowlist a : allowlists) {
                if (a.appliesTo(rule.id()) && a.allows(entry.path(), line, match, secret, matching)) return true;
            }
            return false;
        }

        /** The base64 run after a BEGIN line's end on the same line, past escaped or real line breaks. */
        private static String inlineBody(String text, int from) {
            int i = from;
            while (i < text.length()) {
                if (text.startsWith("\\n", i) || text.startsWith("\\r", i)) {
                    i += 2;
                } else if (Character.isWhitespace(text.charAt(i))) {
                    i++;
                } else {
                    break;
                }
            }
            int end = i;
            while (end < text.length() && end - i < 100 && isBase64(text.charAt(end))) {
                end++;
            }
            return text.substring(i, end);
        }

        private static boolean isBase64(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
        }

        private void confirmKeys(String text) {
            String stripped = text.strip();
            for (Iterator<Pending> it = pending.iterator(); it.hasNext() && !stopped; ) {
                Pending p = it.next();
                if (p.line == line) continue;
                if (p.rule.body().matcher(stripped).matches()) {
                    it.remove();
                    found(p.rule, p.line, stripped);
                } else if (--p.linesLeft <= 0 || !(stripped.isEmpty() || stripped.contains(":"))) {
                    it.remove(); // neither a PEM header ("Proc-Type: ...") nor a blank line: no body follows
                }
            }
        }

        private void found(SecretRule rule, int at, String match) {
            Secret secret = new Secret(rule.id(), rule.category(), rule.severity(), rule.title(), entry.path(),
                    entry.layerDiffId(), at, SecretValues.redact(match), removedLater);
            if (text) {
                report(secret);
            } else {
                held.add(secret);
            }
            if (++found >= SecretLimits.MAX_FINDINGS_PER_FILE) {
                stopped = true;
                warn(entry.path() + ": " + SecretLimits.MAX_FINDINGS_PER_FILE + " secrets found; the rest of the file not scanned");
            }
        }
    }

    private static final class Pending {
        final SecretRule rule;
        final int line;
        int linesLeft;

        Pending(SecretRule rule, int line, int linesLeft) {
            this.rule = rule;
            this.line = line;
            this.linesLeft = linesLeft;
        }
    }
}
