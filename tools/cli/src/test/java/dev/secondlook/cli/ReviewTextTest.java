package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewTextTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void theContractSample_readsOutputFirst_withItsEvidenceMarked() throws Exception {
        JsonNode sample = MAPPER.readTree(Path.of("../../contracts/review-view.v1.sample.json").toFile());
        String text = ReviewText.view(sample);
        assertTrue(text.contains("Absolutely. »I guarantee a full refund« within 24 hours."), text);
        assertTrue(text.contains("categories: commitment"), text);
        assertTrue(text.contains("claimed by arn:aws:iam::123456789012:user/alice until 2026-08-19T06:16:00Z"), text);
        assertTrue(text.indexOf("PROMPT") < text.indexOf("OUTPUT"), text);
    }

    @Test
    void terminalEscapesInCustomerText_areShownAsText_neverSentToTheTerminal() throws Exception {
        ObjectNode v = (ObjectNode) MAPPER.readTree(Path.of("../../contracts/review-view.v1.sample.json").toFile());
        v.put("output", "ok \u001b]0;pwned\u0007\u001b[2J done\u202e");
        v.putArray("evidence");
        String text = ReviewText.view(v);
        assertFalse(text.contains("\u001b") || text.contains("\u0007") || text.contains("\u202e"), text);
        assertTrue(text.contains("ok \\u001b]0;pwned\\u0007\\u001b[2J done\\u202e"), text);
    }

    @Test
    void evidenceOutsideTheTextOrOverlapping_isNotMarkedTwice_andNeverBreaksTheView() throws Exception {
        JsonNode ev = MAPPER.readTree("[{\"field\":\"output\",\"start\":0,\"end\":5},"
                + "{\"field\":\"output\",\"start\":3,\"end\":8},{\"field\":\"output\",\"start\":5,\"end\":999},"
                + "{\"field\":\"prompt\",\"start\":0,\"end\":2}]");
        assertEquals("»hello« world", ReviewText.marked("hello world", ev));
    }

    @Test
    void aListingPage_isOneLinePerRecord_withTheNextToken() throws Exception {
        String text = ReviewText.list(MAPPER.readTree(Path.of("../../contracts/review-list.v1.sample.json").toFile()));
        assertEquals(2, text.lines().count(), text);
        assertTrue(text.startsWith("7b3e1c2a-0001-4d2e-9a51-0c7f1e2d3a40"), text);
        assertTrue(text.contains("more: --next "), text);
    }
}
