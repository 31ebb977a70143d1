package dev.secondlook.core.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * One pass over an all-ASCII field that does the work of four: the keyword automaton's scan
 * ({@link KeywordAutomaton#scan}), the check for anything the detectors' normalised view would change
 * ({@link NormalizedText#needsNormalizing}), the detectors' {@link Detectors.Profile} and, for the output, the
 * echo check's words ({@link EchoMatcher#outputWords}). Each result equals the separate pass's
 * ({@code FieldPassTest}). The automaton's scan is a chain of dependent reads (a state's row gives the next
 * read), which leaves the processor idle between them; the profile and the word hashes are arithmetic on each
 * character that fills that time, so the one loop costs about what the automaton alone did, where the separate
 * passes cost the sum (on the generated log's outputs, 390 ns against 850).
 *
 * <p>A text with a character outside ASCII, or an automaton that does not fold ASCII case itself, gets no pass
 * ({@link #of} returns null) and each result is worked out on its own, as before.
 */
final class FieldPass {

    /** The keywords in the text, as {@link KeywordAutomaton#scan} finds them (the text is its own folded form). */
    final List<KeywordAutomaton.Match> keywords;
    /** Whether the normalised view differs from the text ({@link NormalizedText#needsNormalizing}). */
    final boolean needsNormalizing;
    /** The text's profile: the view's too when the view is the text. */
    final Detectors.Profile profile;
    /** The echo check's words of the text, when asked for. */
    final EchoMatcher.OutputWords words;

    private FieldPass(List<KeywordAutomaton.Match> keywords, boolean needsNormalizing, Detectors.Profile profile,
                      EchoMatcher.OutputWords words) {
        this.keywords = keywords;
        this.needsNormalizing = needsNormalizing;
        this.profile = profile;
        this.words = words;
    }

    /** Marks a field that has no pass (compared by identity). */
    static final FieldPass NONE = new FieldPass(List.of(), false, null, null);

    /**
     * For each ASCII character, its {@link Detectors.Profile#PROFILE_CLASS} bits and these: a markdown marker
     * ({@code * ~ _}), a letter or digit (where the echo check's words start), an apostrophe (which words go on
     * through), a space, and a character above the space.
     */
    private static final int[] CLASS = new int[128];
    private static final int MARKER = 1 << 8;
    private static final int LETTER_OR_DIGIT = 1 << 9;
    private static final int APOSTROPHE = 1 << 10;
    private static final int SPACE = 1 << 11;
    private static final int ABOVE_SPACE = 1 << 12;

    /**
     * Runs of spaced-out characters as {@link NormalizedText#needsNormalizing} finds them, as an automaton over
     * three kinds of character ({@link #OTHER}, a space, above the space: {@code (CLASS >>> 11) & 3}). A character
     * is lone when it is above the space, after a space or at the start, and before a character that is not above
     * the space or at the end; a lone character adds to the run, a space keeps it, anything else ends it, and
     * {@link NormalizedText#MIN_SPACED_RUN} of them are a run. A state is the kind of the character last read (the
     * one judged when the next is read), whether a space or the start was before it, and the run so far, times 4:
     * one add and one read a character, in place of the dozen operations that judged it from class bits.
     */
    private static final int[] SPACED;
    private static final int OTHER = 0;
    private static final int SPACE_KIND = 1;
    private static final int ABOVE_KIND = 2;
    private static final int SPACED_START;
    private static final int SPACED_FOUND;

    static {
        int runs = NormalizedText.MIN_SPACED_RUN;
        int states = 3 * 2 * runs + 2;   // kind x (after a space) x run, then the start and the run found
        SPACED_START = 4 * (states - 2);
        SPACED_FOUND = 4 * (states - 1);
        SPACED = new int[4 * states];
        for (int kind = 0; kind < 3; kind++) {
            for (int afterSpace = 0; afterSpace < 2; afterSpace++) {
                for (int run = 0; run < runs; run++) {
                    int from = 4 * ((kind * 2 + afterSpace) * runs + run);
                    for (int next = 0; next < 3; next++) {
                        boolean lone = kind == ABOVE_KIND && afterSpace == 1 && next != ABOVE_KIND;
                        int nextRun = lone ? run + 1 : kind == SPACE_KIND ? run : 0;
                        SPACED[from + next] = nextRun >= runs ? SPACED_FOUND
                                : 4 * ((next * 2 + (kind == SPACE_KIND ? 1 : 0)) * runs + nextRun);
                    }
                }
            }
        }
        for (int next = 0; next < 3; next++) {
            SPACED[SPACED_START + next] = 4 * ((next * 2 + 1) * runs);   // the start counts as a space
            SPACED[SPACED_FOUND + next] = SPACED_FOUND;
        }
    }

    static {
        for (char c = 0; c < 128; c++) {
            CLASS[c] = Detectors.Profile.PROFILE_CLASS[c] | (c == '*' || c == '~' || c == '_' ? MARKER : 0)
                    | (Character.isLetterOrDigit(c) ? LETTER_OR_DIGIT : 0) | (c == '\'' ? APOSTROPHE : 0)
                    | (c == ' ' ? SPACE : 0) | (c > ' ' ? ABOVE_SPACE : 0);
            if (Detectors.Profile.PROFILE_CLASS[c] >= MARKER) {
                throw new IllegalStateException("the profile's classes overlap the pass's");
            }
        }
    }

    /**
     * The pass over {@code text}, or null when it holds a character outside ASCII or {@code automaton} does not
     * fold ASCII case itself.
     *
     * @param perSet the most keywords kept of each set (as {@link KeywordAutomaton#scan})
     * @param words  whether to cut the text into the echo check's words
     * @throws JudgeTimeoutException when the deadline passes during the pass
     */
    static FieldPass of(String text, KeywordAutomaton automaton, int perSet, boolean words, Deadline deadline) {
        int[] rows = automaton.asciiRows();
        if (rows == null) {
            return null;
        }
        int[] classOf = automaton.asciiClasses();
        int[] cls = CLASS;
        int n = text.length();
        Deadline.Counter clock = deadline.counter();
        // the automaton
        int row = 0;
        List<KeywordAutomaton.Match> found = null;
        int[] perSetFound = null;
        // the normalised view: markers (in the profile's seen bits), which need the full check, and runs of
        // spaced-out characters, followed by a small automaton of their own (see SPACED)
        int spacedState = SPACED_START;
        // the profile (as Detectors.Profile.of)
        Detectors.Profile.Builder profile = new Detectors.Profile.Builder();
        // the words (as EchoMatcher.outputWords): stored at each character, kept by moving on where a word ends
        EchoMatcher.OutputWords out = words ? new EchoMatcher.OutputWords(n) : null;
        int[] starts = out == null ? null : out.starts;
        int[] ends = out == null ? null : out.ends;
        long[] hashes = out == null ? null : out.hashes;
        int size = 0;
        int inWord = 0;
        int wordStart = 0;
        long hash = EchoMatcher.WORD_OFFSET;
        // the loop's decisions are arithmetic on class bits where they can be: word and run boundaries come every
        // few characters, and a branch on each would be mispredicted about as often
        for (int i = 0; i < n; i++) {
            clock.tick();
            char c = text.charAt(i);
            if (c >= 128) {
                return null;
            }
            int entry = rows[row + classOf[c]];
            row = entry & Integer.MAX_VALUE;
            if (entry < 0) {
                if (found == null) {
                    found = new ArrayList<>();
                    perSetFound = new int[automaton.maxSetId() + 1];
                }
                automaton.emit(row / automaton.classes(), text, i, perSet, perSetFound, found);
            }

            int k = cls[c];
            profile.add(k);
            spacedState = SPACED[spacedState + ((k >>> 11) & 3)];

            if (out != null) {
                int letterOrDigit = (k & LETTER_OR_DIGIT) >>> 9;
                int goesOn = inWord & (letterOrDigit | ((k & APOSTROPHE) >>> 10));
                int starts1 = (inWord ^ 1) & letterOrDigit;
                int endsBefore = inWord & (goesOn ^ 1);
                if (size + 1 >= starts.length) {
                    starts = java.util.Arrays.copyOf(starts, starts.length * 2);
                    ends = java.util.Arrays.copyOf(ends, ends.length * 2);
                    hashes = java.util.Arrays.copyOf(hashes, hashes.length * 2);
                }
                starts[size] = wordStart;
                ends[size] = i;
                hashes[size] = hash;
                size += endsBefore;
                long lower = c >= 'A' && c <= 'Z' ? c + 32 : c;
                long next = ((goesOn == 1 ? hash : EchoMatcher.WORD_OFFSET) ^ lower) * EchoMatcher.WORD_PRIME;
                hash = (goesOn | starts1) == 1 ? next : hash;
                wordStart = starts1 == 1 ? i : wordStart;
                inWord = goesOn | starts1;
            }
        }
        // the text's end judges the last character as a character below the space would
        boolean spacedOut = SPACED[spacedState + OTHER] == SPACED_FOUND;
        if (out != null) {
            if (inWord == 1) {
                starts[size] = wordStart;
                ends[size] = n;
                hashes[size] = hash;
                size++;
            }
            out.starts = starts;
            out.ends = ends;
            out.hashes = hashes;
            out.size = size;
        }
        // an underscore's meaning depends on its neighbours, and markers are rare: the full check decides
        boolean needsNormalizing = (profile.seen() & MARKER) != 0 ? NormalizedText.needsNormalizing(text)
                : spacedOut;
        List<KeywordAutomaton.Match> keywords = found == null ? List.of() : found;
        return new FieldPass(keywords, needsNormalizing, profile.build(text, automaton.literals(keywords)), out);
    }
}
