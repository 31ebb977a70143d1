package dev.secondlook.core.policy;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.TextField;
import dev.secondlook.core.similar.ExemplarIndex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One record's use of the exemplar index: which windows of its text were embedded (each once, whatever number of
 * {@code similar} rules read it) and what that cost, against the policy's per-record budget (windows and time).
 * Past the budget no further window is embedded and the matcher decides on what it has. The one-off work of
 * building or refreshing the index (which loads the model) is not the record's: it is left out of the record's
 * deadline. Not thread-safe (one record, one thread).
 */
final class SimilarityScope {

    /** The closest exemplar found in one window of a field. */
    record Best(int start, int end, ExemplarIndex.Match match) {
    }

    private record Window(int start, int end, float[] vector) {
    }

    private final ExemplarIndex index;
    private final ExemplarSettings settings;
    private final Interaction interaction;
    private final Deadline deadline;
    private final Map<String, Window> embedded = new HashMap<>();
    private long spentNanos;
    private int windowsUsed;

    SimilarityScope(ExemplarIndex index, ExemplarSettings settings, Interaction interaction, Deadline deadline) {
        this.index = index;
        this.settings = settings;
        this.interaction = interaction;
        this.deadline = deadline;
    }

    /** The keyword set of a category's gate. */
    int gateSet(String category) {
        return settings.categories().get(category).gateSet();
    }

    /** The best-scoring window of {@code field} around the gate's hits, or null when none could be scored. */
    Best best(TextField field, List<Hit> gateHits, String category) {
        if (index.due()) {
            long t0 = System.nanoTime();
            index.refreshIfDue();
            deadline.extend(System.nanoTime() - t0);
        }
        Best best = null;
        for (int[] w : windows(field, gateHits)) {
            Window win = window(field, w[0], w[1]);
            if (win == null) {
                break;
            }
            ExemplarIndex.Match m = index.nearest(category, win.vector());
            if (m == null) {
                return null;
            }
            if (best == null || m.score() > best.match().score()) {
                best = new Best(win.start(), win.end(), m);
            }
        }
        return best;
    }

    private Window window(TextField field, int start, int end) {
        String key = field.name() + ":" + start + ":" + end;
        Window w = embedded.get(key);
        if (w != null) {
            return w;
        }
        if (windowsUsed >= settings.maxWindows() || spentNanos >= settings.maxTime().toNanos()) {
            return null;
        }
        deadline.check();
        String text = interaction.text(field).substring(start, end);
        long t0 = System.nanoTime();
        float[] v = index.embed(text);
        spentNanos += System.nanoTime() - t0;
        windowsUsed++;
        w = new Window(start, end, v);
        embedded.put(key, w);
        return w;
    }

    /**
     * The windows to embed: the whole text when it fits in {@code maxChars}; otherwise, one window per gate hit not
     * already covered, starting at the sentence the term is in, at most {@code maxWindows}.
     */
    private List<int[]> windows(TextField field, List<Hit> gateHits) {
        List<int[]> out = new ArrayList<>();
        String text = interaction.text(field);
        int max = settings.maxChars();
        if (text.length() <= max) {
            out.add(new int[] {0, text.length()});
            return out;
        }
        for (Hit h : gateHits) {
            if (out.size() >= settings.maxWindows()) {
                break;
            }
            boolean covered = false;
            for (int[] w : out) {
                covered |= h.start() >= w[0] && h.end() <= w[1];
            }
            if (covered) {
                continue;
            }
            int start = h.start();
            int floor = Math.max(0, h.start() - max / 2);
            while (start > floor && ".!?\n".indexOf(text.charAt(start - 1)) < 0) {
                start--;
            }
            int end = Math.min(text.length(), start + max);
            if (end < text.length()) {
                int cut = end;
                while (cut > h.end() && !Character.isWhitespace(text.charAt(cut - 1))) {
                    cut--;
                }
                end = cut > h.end() ? cut : end;
            }
            if (Character.isLowSurrogate(text.charAt(start)) && start > 0) {
                start--;
            }
            if (end < text.length() && Character.isLowSurrogate(text.charAt(end))) {
                end--;
            }
            out.add(new int[] {start, end});
        }
        return out;
    }
}
