package dev.warden.server;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.List;

/** The change between two policy versions as a unified diff (what {@code diff -u} and code review tools show). */
final class PolicyDiff {
    /** Lines of context around each change, as {@code diff -u} gives by default. */
    static final int CONTEXT_LINES = 3;

    private PolicyDiff() {}

    /** Empty when the texts are the same; otherwise the headers name the versions ({@code policy@v1}, {@code policy@v2}). */
    static String unified(PolicyStore.PolicyVersion from, PolicyStore.PolicyVersion to) {
        List<String> a = from.yaml().lines().toList();
        List<String> b = to.yaml().lines().toList();
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff("policy@v" + from.version(), "policy@v" + to.version(), a, patch, CONTEXT_LINES);
        return String.join("\n", lines) + "\n";
    }
}
