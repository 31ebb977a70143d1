package dev.secondlook.core.policy;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.TextField;

import java.util.ArrayList;
import java.util.List;

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
    @SuppressWarnings("unchecked")
    private static final List<Hit>[] NO_HITS = new List[0];
    private final KeywordAutomaton automaton;
    private final boolean promptAbsent;
    // what is worked out once per field, by TextField ordinal, on first use (null until then): arrays rather than
    // maps and lambdas, as every rule of every record asks
    private static final int FIELDS = TextField.values().length;
    /** Each field's keyword hits by keyword set id (null where a set has none). */
    private final List<Hit>[][] keywordHits;
    private final NormalizedText[] views = new NormalizedText[FIELDS];
    private final List<DecodedView>[] decoded;
    private final Boolean[] ascii = new Boolean[FIELDS];
    private final Detectors.Profile[] profiles = new Detectors.Profile[FIELDS];
    /** Each field's {@link FieldPass}, once tried: null until then, {@link FieldPass#NONE} when it has none. */
    private final FieldPass[] passes = new FieldPass[FIELDS];

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
        this(interaction, route, automaton, deadline, similarity, false);
    }

    /** With {@code promptAbsent}, the interaction's prompt was not read: a rule that reads it throws. */
    EvaluationContext(Interaction interaction, String route, KeywordAutomaton automaton, Deadline deadline,
                      SimilarityScope similarity, boolean promptAbsent) {
        this.promptAbsent = promptAbsent;
        this.interaction = interaction;
        this.route = route;
        this.automaton = automaton;
        this.deadline = deadline;
        this.similarity = similarity;
        @SuppressWarnings("unchecked")
        List<Hit>[][] hits = new List[FIELDS][];
        this.keywordHits = hits;
        @SuppressWarnings("unchecked")
        List<DecodedView>[] runs = new List[FIELDS];
        this.decoded = runs;
    }

    /**
     * The text of a field, as every condition reads it.
     *
     * @throws PromptNeeded for the prompt when it was not read
     */
    String text(TextField field) {
        if (promptAbsent && field == TextField.PROMPT) {
            throw PromptNeeded.INSTANCE;
        }
        return interaction.text(field);
    }

    /** The one pass over an all-ASCII field (see {@link FieldPass}), or null when the field has none. */
    private FieldPass pass(TextField field) {
        FieldPass pass = passes[field.ordinal()];
        if (pass == null) {
            String text = text(field);
            pass = automaton.isEmpty() ? null : FieldPass.of(text, automaton, Hit.MAX_PER_FIELD,
                    field == TextField.OUTPUT, deadline);
            passes[field.ordinal()] = pass == null ? FieldPass.NONE : pass;
        }
        return pass == FieldPass.NONE ? null : pass;
    }

    /** The echo check's words of the output, from the field's pass when it had one. */
    EchoMatcher.OutputWords outputWords() {
        FieldPass pass = pass(TextField.OUTPUT);
        return pass != null ? pass.words : EchoMatcher.outputWords(interaction.output(), deadline);
    }

    /** Hits of keyword set {@code setId} in {@code field}; empty when none. */
    List<Hit> keywordHits(TextField field, int setId) {
        List<Hit>[] bySet = keywordHits[field.ordinal()];
        if (bySet == null) {
            bySet = scan(field);
            keywordHits[field.ordinal()] = bySet;
        }
        List<Hit> hits = setId < bySet.length ? bySet[setId] : null;
        return hits == null ? List.of() : hits;
    }

    /** Whether a field is all ASCII, computed once per record. */
    boolean isAscii(TextField field) {
        Boolean known = ascii[field.ordinal()];
        if (known == null && pass(field) != null) {
            known = Boolean.TRUE;
            ascii[field.ordinal()] = known;
        }
        if (known == null) {
            known = Boolean.TRUE;
            String text = text(field);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) >= 0x80) {
                    known = Boolean.FALSE;
                    break;
                }
            }
            ascii[field.ordinal()] = known;
        }
        return known;
    }

    /** The normalised view of a field (see {@link NormalizedText}), computed once per record. */
    NormalizedText view(TextField field) {
        NormalizedText view = views[field.ordinal()];
        if (view == null) {
            FieldPass pass = pass(field);
            view = pass != null && !pass.needsNormalizing ? NormalizedText.identity(text(field))
                    : NormalizedText.of(text(field), deadline);
            views[field.ordinal()] = view;
        }
        return view;
    }

    /** What the detectors' preconditions need of a field's view (see {@link Detectors.Profile}), once per record. */
    Detectors.Profile profile(TextField field) {
        Detectors.Profile profile = profiles[field.ordinal()];
        if (profile == null) {
            FieldPass pass = pass(field);
            profile = pass != null && !pass.needsNormalizing ? pass.profile : Detectors.Profile.of(view(field).text);
            profiles[field.ordinal()] = profile;
        }
        return profile;
    }

    /** The base64 runs of a field's view that decode to text (see {@link EncodedText}), computed once per record. */
    List<DecodedView> decoded(TextField field) {
        List<DecodedView> runs = decoded[field.ordinal()];
        if (runs == null) {
            runs = decode(field);
            decoded[field.ordinal()] = runs;
        }
        return runs;
    }

    private List<DecodedView> decode(TextField field) {
        NormalizedText view = view(field);
        if (!EncodedText.mayHold(view.text, profile(field))) {
            return List.of();
        }
        List<DecodedView> out = new ArrayList<>();
        for (EncodedText.Decoded d : EncodedText.decode(view.text, deadline)) {
            out.add(new DecodedView(view.start(d.start()), view.end(d.end()),
                    NormalizedText.of(d.text(), deadline).text));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<Hit>[] scan(TextField field) {
        String text = text(field);
        if (text.isEmpty() || automaton.isEmpty()) {
            return NO_HITS;
        }
        List<Hit>[] bySet = new List[automaton.maxSetId() + 1];
        FieldPass pass = pass(field);
        if (pass != null) {
            // the automaton lower-cases ASCII itself: no folded copy, and offsets are the text's own
            for (KeywordAutomaton.Match m : pass.keywords) {
                add(bySet, m.setId(), new Hit(field, m.start(), m.end(), "keyword", false));
            }
            return bySet;
        }
        if (automaton.foldsAsciiCase() && isAscii(field)) {
            for (KeywordAutomaton.Match m : automaton.scan(text, Hit.MAX_PER_FIELD, deadline)) {
                add(bySet, m.setId(), new Hit(field, m.start(), m.end(), "keyword", false));
            }
            return bySet;
        }
        TextFolding folding = TextFolding.of(text, deadline);
        for (KeywordAutomaton.Match m : automaton.scan(folding.folded, Hit.MAX_PER_FIELD, deadline)) {
            add(bySet, m.setId(), new Hit(field, folding.start(m.start()), folding.end(m.end()), "keyword", false));
        }
        return bySet;
    }

    private static void add(List<Hit>[] bySet, int setId, Hit hit) {
        if (bySet[setId] == null) {
            bySet[setId] = new ArrayList<>();
        }
        bySet[setId].add(hit);
    }
}
