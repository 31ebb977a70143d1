package dev.secondlook.core.policy;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.TextField;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-record evaluation state shared by every rule: the interaction, its route, its deadline, the keyword hits
 * of each text field (at most {@link Hit#MAX_PER_FIELD} per keyword set), computed by one automaton pass per field
 * on first use, and what the detectors read: each field's normalised view and the text decoded from its base64.
 */
final class EvaluationContext {

    final Interaction interaction;
    final String route;
    final Deadline deadline;
    /** The record's use of the exemplar index, or null when the policy has none bound. */
    final SimilarityScope similarity;
    private final KeywordAutomaton automaton;
    private final Map<TextField, Map<Integer, List<Hit>>> keywordHits = new EnumMap<>(TextField.class);
    private final Map<TextField, NormalizedText> views = new EnumMap<>(TextField.class);
    private final Map<TextField, List<DecodedView>> decoded = new EnumMap<>(TextField.class);
    private final Map<TextField, Boolean> ascii = new EnumMap<>(TextField.class);
    private final Map<TextField, Detectors.Profile> profiles = new EnumMap<>(TextField.class);

    /**
     * Text decoded from base64 in a field's view, normalised in turn; {@code start} and {@code end} are the span
     * of the encoded run in the original text, where every hit in the decoded text points; {@code profile} is the
     * decoded text's {@link Detectors.Profile}, made once for every detector kind.
     */
    record DecodedView(int start, int end, String text, Detectors.Profile profile) {

        DecodedView(int start, int end, String text) {
            this(start, end, text, Detectors.Profile.of(text));
        }
    }

    EvaluationContext(Interaction interaction, String route, KeywordAutomaton automaton, Deadline deadline) {
        this(interaction, route, automaton, deadline, null);
    }

    EvaluationContext(Interaction interaction, String route, KeywordAutomaton automaton, Deadline deadline,
                      SimilarityScope similarity) {
        this.interaction = interaction;
        this.route = route;
        this.automaton = automaton;
        this.deadline = deadline;
        this.similarity = similarity;
    }

    /** Hits of keyword set {@code setId} in {@code field}; empty when none. */
    List<Hit> keywordHits(TextField field, int setId) {
        Map<Integer, List<Hit>> bySet = keywordHits.computeIfAbsent(field, this::scan);
        return bySet.getOrDefault(setId, List.of());
    }

    /** Whether a field is all ASCII, computed once per record. */
    boolean isAscii(TextField field) {
        return ascii.computeIfAbsent(field, f -> {
            String text = interaction.text(f);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The normalised view of a field (see {@link NormalizedText}), computed once per record. */
    NormalizedText view(TextField field) {
        return views.computeIfAbsent(field, f -> NormalizedText.of(interaction.text(f), deadline));
    }

    /** What the detectors' preconditions need of a field's view (see {@link Detectors.Profile}), once per record. */
    Detectors.Profile profile(TextField field) {
        return profiles.computeIfAbsent(field, f -> Detectors.Profile.of(view(f).text));
    }

    /** The base64 runs of a field's view that decode to text (see {@link EncodedText}), computed once per record. */
    List<DecodedView> decoded(TextField field) {
        return decoded.computeIfAbsent(field, f -> {
            NormalizedText view = view(f);
            if (!EncodedText.mayHold(view.text, profile(f))) {
                return List.of();
            }
            List<DecodedView> out = new ArrayList<>();
            for (EncodedText.Decoded d : EncodedText.decode(view.text, deadline)) {
                out.add(new DecodedView(view.start(d.start()), view.end(d.end()),
                        NormalizedText.of(d.text(), deadline).text));
            }
            return out;
        });
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
