package dev.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/**
 * The bodies a webhook can be sent, one constant per format: {@code warden} (the image, the alert with its advisories
 * and findings, the verdict before and after) and {@code slack} (Slack's incoming-webhook {@code {"text": ...}}, which
 * Mattermost takes too). A new format is a constant here; its name is what the API and the console offer.
 */
enum WebhookFormat {
    /** The {@code warden} payload: the image, the alert with its advisories and findings, the verdict before and after. */
    WARDEN("warden") {
        @Override
        String body(String deliveryId, String event, Alerts.Alert a, List<String> tags, ObjectMapper json) {
            ObjectNode n = json.createObjectNode();
            n.put("event", event);
            n.put("delivery", deliveryId);
            if (a.kind().equals(Alerts.WATCH_FAILED)) {
                // about a watch's run, not an image: the watch, the run and its tag errors instead of image and verdict
                n.set("watch", a.doc().path("watch"));
                n.set("run", a.doc().path("run"));
                n.set("tagErrors", a.doc().path("tagErrors"));
                n.putObject("alert").put("id", a.id()).put("kind", a.kind()).put("created", a.created().toString()).put("cause", a.cause());
                return write(json, n);
            }
            ObjectNode image = n.putObject("image");
            image.put("repository", a.repository());
            ArrayNode t = image.putArray("tags");
            tags.forEach(t::add);
            image.put("digest", a.digest());
            ObjectNode alert = n.putObject("alert");
            alert.put("id", a.id());
            alert.put("kind", a.kind());
            alert.put("created", a.created().toString());
            alert.put("cause", a.cause());
            alert.put("severity", a.severity());
            alert.set("advisories", json.valueToTree(a.advisories()));
            alert.set("findings", a.doc().path("findings"));
            ObjectNode verdict = n.putObject("verdict");
            verdict.put("before", a.verdictBefore());
            verdict.put("after", a.verdictAfter());
            verdict.put("gradeBefore", a.gradeBefore());
            verdict.put("gradeAfter", a.gradeAfter());
            n.put("judgement", a.judgementId());
            return write(json, n);
        }
    },
    /** Slack's incoming-webhook payload: one line of text (mrkdwn), which Slack and Mattermost show as it is. */
    SLACK("slack") {
        @Override
        String body(String deliveryId, String event, Alerts.Alert a, List<String> tags, ObjectMapper json) {
            if (a.kind().equals(Alerts.WATCH_FAILED)) {
                var run = a.doc().path("run");
                String outcome = run.path("outcome").asText().equals(WatchStore.Run.DONE_WITH_ERRORS)
                        ? "run done with " + run.path("tagErrors").asLong() + " tag error" + (run.path("tagErrors").asLong() == 1 ? "" : "s")
                        : "run failed";
                String error = run.path("error").isTextual() ? ": " + clip(run.path("error").asText()) : "";
                ObjectNode n = json.createObjectNode();
                n.put("text", "Warden: watch `" + escapeSlack(a.doc().path("watch").path("name").asText()) + "` (" + escapeSlack(a.repository())
                        + ") " + outcome + escapeSlack(error));
                return write(json, n);
            }
            String what = switch (a.kind()) {
                case "new_finding" -> "new " + a.severity() + " finding" + (a.advisories().size() == 1 ? "" : "s");
                case "new_kev" -> "known exploited (CISA KEV) vulnerabilit" + (a.advisories().size() == 1 ? "y" : "ies");
                // an arrow, not "->": escaped for Slack, '>' would reach receivers that do not decode entities
                // (Mattermost and other "Slack-compatible" ones) as "-&gt;"
                case "verdict_changed" -> "verdict " + a.verdictBefore() + " \u2192 " + a.verdictAfter();
                case "grade_dropped" -> "grade " + a.gradeBefore() + " \u2192 " + a.gradeAfter();
                case "vex_review_passed" -> "VEX statement past its review date, no longer applied";
                default -> a.kind();
            };
            String image = a.repository() + (tags.isEmpty() ? "" : ":" + String.join(",", tags)) + " (" + shortDigest(a.digest()) + ")";
            String advisories = a.advisories().isEmpty() ? "" : ": " + String.join(", ", a.advisories().stream().limit(10).toList())
                    + (a.advisories().size() > 10 ? " and " + (a.advisories().size() - 10) + " more" : "");
            ObjectNode n = json.createObjectNode();
            n.put("text", "Warden: " + escapeSlack(what) + " on `" + escapeSlack(image) + "`" + escapeSlack(advisories)
                    + " (verdict " + a.verdictAfter() + ", grade " + a.gradeAfter() + ")");
            return write(json, n);
        }
    };

    private final String formatName;

    WebhookFormat(String formatName) {
        this.formatName = formatName;
    }

    /** The body of delivery {@code deliveryId} of {@code event} for alert {@code a} on an image with {@code tags}. */
    abstract String body(String deliveryId, String event, Alerts.Alert a, List<String> tags, ObjectMapper json);

    /** The format's name as a webhook stores it. */
    String formatName() {
        return formatName;
    }

    /** Every format's name, in the order the API lists them. */
    static List<String> names() {
        return Arrays.stream(values()).map(WebhookFormat::formatName).toList();
    }

    /** The format stored as {@code name}; a webhook written before its format existed is sent as {@code warden}. */
    static WebhookFormat named(String name) {
        return Arrays.stream(values()).filter(f -> f.formatName.equals(name)).findFirst().orElse(WARDEN);
    }

    /** A Slack line stays a line: a registry's message is cut after this many characters. */
    static final int MAX_SLACK_ERROR_CHARS = 300;

    private static String clip(String text) {
        return text.length() <= MAX_SLACK_ERROR_CHARS ? text : text.substring(0, MAX_SLACK_ERROR_CHARS) + "…";
    }

    private static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }

    /** Slack's three control characters: text from images must not become links or mentions. */
    private static String escapeSlack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a webhook body as JSON", e);
        }
    }
}
