package dev.secondlook.core.policy;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.TextField;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-record evaluation state shared by every rule: the interaction, its route, its deadline, and the keyword hits
 * of each text field (at most {@link Hit#MAX_PER_FIELD} per keyword set), computed by one automaton pass per field
 * on first use.
 */
final class EvaluationContext {

    final Interaction interaction;
    final String route;
    final Deadline deadline;
    private final KeywordAutomaton automaton;
    private final Map<TextField, Map<Integer, List<Hit>>> keywordHits = new EnumMap<>(TextField.class);

    EvaluationContext(Interaction interaction, String route, KeywordAutomaton automaton, Deadline deadline) {
        this.interaction = interaction;
        this.route = route;
        this.automaton = automaton;
        this.deadline = deadline;
    }

    /** Hits of keyword set {@code setId} in {@code field}; empty when none. */
    List<Hit> keywordHits(TextField field, int setId) {
        Map<Integer, List<Hit>> bySet = keywordHits.computeIfAbsent(field, this::scan);
        return bySet.getOrDefault(setId, List.of());
    }

    private Map<Integer, List<Hit>> scan(TextField field) {
        String text = interaction.text(field);
        if (text.isEmpty() || automaton.isEmpty()) {
            return Map.of();
        }
        TextFolding folding = TextFolding.of(text, deadline);
        Map<Integer, List<Hit>> bySet = new HashMap<>();
        for (KeywordAutomaton.Match m : automaton.scan(folding.folded, Hit.MAX_PER_FIELD, deadline)) {
            bySet.computeIfAbsent(m.setId(), k -> new ArrayList<>())
                    .add(new Hit(field, folding.start(m.start()), folding.end(m.end()), "keyword", false));
        }
        return bySet;
    }
}
