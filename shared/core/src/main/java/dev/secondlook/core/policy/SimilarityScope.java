package dev.secondlook.core.policy;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.TextField;
import dev.secondlook.core.similar.ExemplarIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * One record's use of the exemplar index: how many windows of its text needed a model run (the index remembers
 * recent window texts, so a window read by several {@code similar} rules, or seen in an earlier record, runs the
 * model once) and what that cost, against the policy's per-record budget (windows and time).
 * Past the budget no further window is embedded and the matcher decides on what it has. The one-off work of
 * building or refreshing the index (which loads the model) is not the record's: it is left out of the record's
 * deadline. Not thread-safe (one record, one thread).
 */
final class SimilarityScope {

    /** The closest exemplar found in one window of a field. */
    record Best(int start, int end, ExemplarIndex.Match match) {
    }

    private final ExemplarIndex index;
    private final ExemplarSettings settings;
    private final Interaction interaction;
    private final Deadline deadline;
    private long spentNanos;
    /** The windows charged to this record's budget; made at the first (most records reach no similar rule's model). */
    private java.util.Set<String> charged;

    SimilarityScope(ExemplarIndex index, ExemplarSettings settings, Interaction interaction, Deadline deadline) {
        this.index = index;
        this.settings = settings;
        this.interaction = interaction;
        this.deadline = deadline;
    }

    /** Windows that match come first, then the closest. */
    private static double rank(ExemplarIndex.Match m) {
        return (m.score() > m.counterScore() ? 10 : 0) + m.score();
    }

    /** The keyword set of a category's gate. */
    int gateSet(String category) {
        return settings.categories().get(category).gateSet();
    }

    /** The keyword set of the phrases in which a category's gate terms do not count, or -1 when it has none. */
    int exceptSet(String category) {
        return settings.categories().get(category).exceptSet();
    }

    /** The best-scoring window of {@code field} around the gate's hits, or null when none could be scored. */
    Best best(TextField field, List<Hit> gateHits, String category) {
        if (index.due()) {
            long t0 = System.nanoTime();
            index.refreshIfDue();
            deadline.extend(System.nanoTime() - t0);
        }
        Best best = null;
        String text = interaction.text(field);
        for (int[] w : windows(field, gateHits)) {
            String window = text.substring(w[0], w[1]);
            // every distinct window of the record (as the model reads it: ExemplarIndex.key) counts against its
            // budget, whether or not an earlier record left it in the cache: what a record is judged on does not
            // depend on the records before it (or on the order threads judged them in); the cache only saves the
            // model run
            String key = index.key(window);
            if (charged == null) {
                charged = new java.util.HashSet<>();
            }
            if (!charged.contains(key)) {
                if (charged.size() >= settings.maxWindows() || spentNanos >= settings.maxTime().toNanos()) {
                    break;
                }
                charged.add(key);
            }
            if (!index.remembers(window)) {
                deadline.check();
                long t0 = System.nanoTime();
                index.embed(window);
                spentNanos += System.nanoTime() - t0;
            }
            ExemplarIndex.Match m = index.match(category, window);
            if (m == null) {
                return null;
            }
            if (best == null || rank(m) > rank(best.match())) {
                best = new Best(w[0], w[1], m);
            }
        }
        return best;
    }

    /**
     * The windows to embed: for each gate hit not already covered, the sentence it is in (a sentence ends at . ! or
     * ? before a space, or at a line break), cut to {@code maxChars}; at most {@code maxWindows}. Comparing the
     * sentence that carries the term, rather than the whole output, keeps greetings and sign-offs from diluting
     * the comparison.
     */
    private List<int[]> windows(TextField field, List<Hit> gateHits) {
        return sentences(interaction.text(field), gateHits, settings.maxChars(), settings.maxWindows());
    }

    static List<int[]> sentences(String text, List<Hit> gateHits, int maxChars, int maxWindows) {
        List<int[]> out = new ArrayList<>();
        for (Hit h : gateHits) {
            if (out.size() >= maxWindows) {
                break;
            }
            boolean covered = false;
            for (int[] w : out) {
                covered |= h.start() >= w[0] && h.end() <= w[1];
            }
            if (covered || h.end() > text.length()) {
                continue;
            }
            int floor = Math.max(0, h.start() - maxChars / 2);
            int start = h.start();
            while (start > floor && !endsSentence(text, start - 1)) {
                start--;
            }
            while (start < h.start() && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            int ceiling = Math.min(text.length(), start + maxChars);
            int end = Math.max(h.end(), start);
            while (end < ceiling && !endsSentence(text, end - 1)) {
                end++;
            }
            if (end > start && end < text.length() && Character.isLowSurrogate(text.charAt(end))) {
                end--;
            }
            if (start > 0 && start < text.length() && Character.isLowSurrogate(text.charAt(start))) {
                start--;
            }
            out.add(new int[] {start, end});
        }
        return out;
    }

    private static boolean endsSentence(String text, int i) {
        char c = text.charAt(i);
        if (c == '\n') {
            return true;
        }
        return (c == '.' || c == '!' || c == '?')
                && (i + 1 >= text.length() || Character.isWhitespace(text.charAt(i + 1)));
    }
}
