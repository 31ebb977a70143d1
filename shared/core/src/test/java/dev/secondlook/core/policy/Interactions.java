package dev.secondlook.core.policy;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;

import java.util.Map;

/** Test interactions. */
final class Interactions {

    private Interactions() {
    }

    static Interaction output(String id, String output) {
        return of(id, output, Map.of(), null, null);
    }

    static Interaction of(String id, String output, Map<String, String> meta, String stopReason, String guardrail) {
        return new Interaction(id, "bedrock-converse", new SourceRef("b", "k", null, "e", 1), null, "Converse",
                "anthropic.claude-3-haiku", meta, "", "prompt", output, stopReason, guardrail, 10, 20, null, false);
    }
}
