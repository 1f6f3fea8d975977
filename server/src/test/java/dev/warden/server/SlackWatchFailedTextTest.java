package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Slack line of a watch_failed alert cuts a long registry message at a character, never inside one. */
class SlackWatchFailedTextTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aLongErrorIsCutBetweenCharactersNotInsideASurrogatePair() throws Exception {
        // the cut falls on the first half of an emoji (two UTF-16 units): a lone half is no character at all
        String error = "a".repeat(WebhookFormat.MAX_SLACK_ERROR_CHARS - 1) + "\uD83D\uDD25" + " the rest of the message";
        ObjectNode doc = json.createObjectNode();
        doc.putObject("watch").put("id", "w1").put("name", "nightly").put("repository", "team/app");
        doc.putObject("run").put("outcome", "failed").put("state", "failed").put("error", error);
        Alerts.Alert alert = new Alerts.Alert("a1", Instant.EPOCH, Alerts.WATCH_FAILED, "", "team/app", "", "watch", null, List.of(), null,
                null, null, null, doc);
        String text = json.readTree(WebhookFormat.SLACK.body("d1", "alert", alert, List.of(), json)).path("text").asText();
        assertThat(text).startsWith("Warden: watch `nightly` (team/app) run failed: aaa").endsWith("…").doesNotContain("the rest");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : !Character.isLowSurrogate(c) || i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            assertThat(paired).as("UTF-16 unit " + i + " of the Slack text is half a character").isTrue();
        }
    }
}
