package dev.secondlook.core.similar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The exemplars of each category with their embeddings, and nearest-exemplar search: the policy's written
 * examples, plus what an {@link ExemplarSource} (the eval set) holds, read again when the index is older than its
 * refresh period, so that a new off-policy verdict is an exemplar without a redeploy.
 *
 * <p>Lazy: nothing is loaded or embedded until the first {@link #nearest} or {@link #embed}; a container whose
 * records never pass a gate never loads the model. Vectors are kept per category in one packed float array and
 * searched exhaustively (a few thousand 384-float dot products take well under a millisecond); an exemplar's
 * vector is computed once and kept across refreshes while its text is unchanged.
 *
 * <p>A source that cannot be read leaves the index as it was (the written examples at least) and is tried again
 * after the refresh period; {@link #lastRefreshError()} says why. Thread-safe.
 */
public final class ExemplarIndex {

    /**
     * The closest exemplar of a category, its cosine similarity with the text, and the similarity of the closest
     * rival: a written counter-example of the category, a passed case of it that reads nearly the same as the
     * text (at least {@link #PASSED_CASE_CLOSENESS}), or an exemplar of another category ({@code -1} when there is
     * none). A text closer to a rival is not matched: a sentence is in the category of its nearest exemplar, and
     * not in one whose near misses it resembles more.
     */
    public record Match(Exemplar exemplar, double score, double counterScore) {

        /** At least {@code threshold} close, and closer to the exemplar than to any counter-example. */
        public boolean matches(double threshold) {
            return score >= threshold && score > counterScore;
        }
    }

    /** What the index holds now, for reports: exemplars per category and where they came from. */
    public record Stats(Map<String, Integer> perCategory, int fromEvalSet, int written, Instant refreshedAt,
                        String lastRefreshError) {
    }

    /**
     * How close (cosine) a text must be to a near miss a reviewer passed for that verdict to count against it: a
     * passed case speaks for its own wording (the same sentence with other names and numbers), not for its topic.
     * Held against every passed case, a topic's few passes outweighed its many flags: on the labelled set of
     * BENCHMARKS.md "Similar matcher" (dev split) every passed case vetoing cost recall and bought no precision
     * (82.8 % at 85.5 % against 84.4 % at 85.7 %). Written counter-examples keep their full weight: a policy
     * author places them on the boundary on purpose.
     */
    public static final double PASSED_CASE_CLOSENESS = 0.9;

    private record Category(List<Exemplar> exemplars, float[] vectors, float[] counters, float[] passed) {
    }

    private record Snapshot(Map<String, Category> categories, Instant builtAt, int fromSource) {
    }

    private final Embedder embedder;
    private final Set<String> categories;
    private final List<Exemplar> written;
    private final ExemplarSource source;
    private final Duration refresh;
    private final int maxChars;
    private final int maxPerCategory;
    private final Clock clock;
    private final BiFunction<String, String, List<String>> focus;
    private final Map<String, float[]> vectors = new HashMap<>();
    private volatile Snapshot snapshot;
    private volatile String lastRefreshError;

    /**
     * @param embedder       the model
     * @param categories     the categories the policy's {@code similar} rules name; exemplars of others are left out
     * @param written        the policy's written examples
     * @param source         the eval set's exemplars ({@link ExemplarSource#NONE} for none)
     * @param refresh        how old the index may get before the source is read again
     * @param maxChars       exemplar texts are cut to this many characters, as the records' windows are
     * @param maxPerCategory most exemplars kept per category (the first ones the source lists)
     * @param clock          the time
     * @param focus          the parts of an exemplar's text (category, text) that are compared, each its own
     *                       vector ({@link dev.secondlook.core.policy.Policy#exemplarWindows}); the match names the
     *                       exemplar
     */
    public ExemplarIndex(Embedder embedder, Set<String> categories, List<Exemplar> written, ExemplarSource source,
                         Duration refresh, int maxChars, int maxPerCategory, Clock clock,
                         BiFunction<String, String, List<String>> focus) {
        if (refresh.isNegative()) {
            throw new IllegalArgumentException("refresh must not be negative");
        }
        this.embedder = embedder;
        this.categories = Set.copyOf(categories);
        this.written = List.copyOf(written);
        this.source = source;
        this.refresh = refresh;
        this.maxChars = maxChars;
        this.maxPerCategory = maxPerCategory;
        this.clock = clock;
        this.focus = focus;
    }

    /**
     * Most window texts whose embeddings (about 1.5 KB each) and matches are kept: outputs of an application repeat,
     * and an identical sentence is embedded and searched once per refresh of the index.
     */
    static final int CACHED_TEXTS = 4096;

    /** A window text's vector, and its matches against one snapshot of the index. */
    private static final class Seen {
        final float[] vector;
        Snapshot snapshot;
        final Map<String, Match> matches = new HashMap<>();

        Seen(float[] vector) {
            this.vector = vector;
        }
    }

    private final Map<String, Seen> recent = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > CACHED_TEXTS;
        }
    };

    /** The embedding of a text's {@link #key} (loads the model on first use); see {@link #match}. */
    public float[] embed(String text) {
        return seen(key(text)).vector;
    }

    /** Whether {@link #match} would answer this text from memory (it needs no model run). */
    public boolean remembers(String text) {
        synchronized (recent) {
            return recent.containsKey(key(text));
        }
    }

    /**
     * What the model reads of a text, and what the index remembers it by: the text cut to {@code maxChars}, with
     * every ASCII digit written as {@code 0}. Which numbers a sentence quotes (an order, an amount, a date, a
     * card) does not decide whether it promises a refund or gives a dose; masking them lets the outputs of one
     * template, which differ only in their numbers, share one model run, and exemplars are masked alike so that
     * both sides of a comparison read the same way. Two texts with the same key get the same match.
     */
    public String key(String text) {
        return maskDigits(cut(text));
    }

    static String maskDigits(String text) {
        int first = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '1' && c <= '9') {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return text;
        }
        char[] chars = text.toCharArray();
        for (int i = first; i < chars.length; i++) {
            if (chars[i] >= '1' && chars[i] <= '9') {
                chars[i] = '0';
            }
        }
        return new String(chars);
    }

    /**
     * The closest exemplar of {@code category} to a text (see {@link #nearest}), or null when the category has
     * none; the last {@value #CACHED_TEXTS} distinct texts are answered from memory.
     */
    public Match match(String category, String text) {
        Snapshot s = current();
        Seen seen = seen(key(text));
        synchronized (seen) {
            if (seen.snapshot != s) {
                seen.snapshot = s;
                seen.matches.clear();
            }
            if (!seen.matches.containsKey(category)) {
                seen.matches.put(category, nearest(s, category, seen.vector));
            }
            return seen.matches.get(category);
        }
    }

    private Seen seen(String t) {
        synchronized (recent) {
            Seen v = recent.get(t);
            if (v != null) {
                return v;
            }
        }
        Seen v = new Seen(embedder.embed(t));
        synchronized (recent) {
            recent.put(t, v);
        }
        return v;
    }

    /** The model's name. */
    public String model() {
        return embedder.model();
    }

    /**
     * The closest exemplar of {@code category} to a vector from {@link #embed}, or null when the category has none.
     * Refreshes the index first when it is due (that one call then takes longer).
     */
    public Match nearest(String category, float[] vector) {
        return nearest(current(), category, vector);
    }

    private static Match nearest(Snapshot snapshot, String category, float[] vector) {
        Map<String, Category> all = snapshot.categories();
        Category c = all.get(category);
        if (c == null || c.exemplars().isEmpty()) {
            return null;
        }
        int[] best = new int[1];
        double score = best(c.vectors(), vector, best);
        double rival = c.counters().length == 0 ? -1 : best(c.counters(), vector, new int[1]);
        double passed = c.passed().length == 0 ? -1 : best(c.passed(), vector, new int[1]);
        if (passed >= PASSED_CASE_CLOSENESS) {
            rival = Math.max(rival, passed);
        }
        for (Map.Entry<String, Category> other : all.entrySet()) {
            if (!other.getKey().equals(category) && other.getValue().vectors().length > 0) {
                rival = Math.max(rival, best(other.getValue().vectors(), vector, new int[1]));
            }
        }
        return new Match(c.exemplars().get(best[0]), score, rival);
    }

    private static double best(float[] all, float[] vector, int[] at) {
        int dim = vector.length;
        double bestScore = -1;
        for (int i = 0, n = all.length / dim; i < n; i++) {
            double dot = 0;
            int off = i * dim;
            for (int d = 0; d < dim; d++) {
                dot += all[off + d] * vector[d];
            }
            if (dot > bestScore) {
                bestScore = dot;
                at[0] = i;
            }
        }
        return bestScore;
    }

    /** Whether the next {@link #nearest} will build or refresh the index (one-off work, not a record's cost). */
    public boolean due() {
        Snapshot s = snapshot;
        return s == null || !clock.instant().isBefore(s.builtAt().plus(refresh));
    }

    /** Builds or refreshes the index now if it is due. */
    public void refreshIfDue() {
        current();
    }

    public Stats stats() {
        Snapshot s = current();
        Map<String, Integer> per = new LinkedHashMap<>();
        int w = 0;
        for (Map.Entry<String, Category> c : s.categories().entrySet()) {
            Set<Exemplar> distinct = new LinkedHashSet<>(c.getValue().exemplars());
            per.put(c.getKey(), distinct.size());
            for (Exemplar e : distinct) {
                w += e.caseId() == null ? 1 : 0;
            }
        }
        return new Stats(per, s.fromSource(), w, s.builtAt(), lastRefreshError);
    }

    /** Why the last read of the source failed, or null when it succeeded. */
    public String lastRefreshError() {
        return lastRefreshError;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (s != null && clock.instant().isBefore(s.builtAt().plus(refresh))) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (s != null && clock.instant().isBefore(s.builtAt().plus(refresh))) {
                return s;
            }
            snapshot = build(s);
            return snapshot;
        }
    }

    private Snapshot build(Snapshot previous) {
        List<Exemplar> fromSource;
        try {
            fromSource = source.load();
            lastRefreshError = null;
        } catch (RuntimeException e) {
            if (e instanceof EmbedderUnavailableException) {
                throw e;
            }
            lastRefreshError = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (previous != null) {
                // keep serving what we had; try again after another refresh period
                return new Snapshot(previous.categories(), clock.instant(), previous.fromSource());
            }
            fromSource = List.of();
        }
        Map<String, LinkedHashSet<Exemplar>> grouped = new LinkedHashMap<>();
        int taken = 0;
        List<Exemplar> all = new ArrayList<>(written);
        all.addAll(fromSource);
        Set<String> seen = new java.util.HashSet<>();
        for (Exemplar e : all) {
            if (!categories.contains(e.category()) || e.text().isBlank()) {
                continue;
            }
            Exemplar cut = new Exemplar(e.category(), cut(e.text()), e.provenance(), e.caseId(), e.counter());
            LinkedHashSet<Exemplar> list = grouped.computeIfAbsent(e.category(), k -> new LinkedHashSet<>());
            // exemplars that read the same to the model (they differ only in digits) are one exemplar
            if (list.size() < maxPerCategory && seen.add(e.category() + "\u0000" + e.counter() + key(cut.text()))) {
                list.add(cut);
                taken += e.caseId() == null ? 0 : 1;
            }
        }
        Map<String, float[]> keep = new HashMap<>();
        Map<String, Category> out = new LinkedHashMap<>();
        for (Map.Entry<String, LinkedHashSet<Exemplar>> g : grouped.entrySet()) {
            // a counter-example that reads the same to the model as an exemplar of its category (they differ only in
            // digits: "take 2 tablets" passed, "take 8 tablets" flagged) would cancel it for good: the exemplar wins,
            // so that such outputs go to a reviewer rather than never
            Set<String> flagged = new java.util.HashSet<>();
            for (Exemplar e : g.getValue()) {
                if (!e.counter()) {
                    flagged.add(key(e.text()));
                }
            }
            g.getValue().removeIf(e -> e.counter() && flagged.contains(key(e.text())));
            List<Exemplar> owners = new ArrayList<>();
            List<float[]> vs = new ArrayList<>();
            List<float[]> counters = new ArrayList<>();
            List<float[]> passed = new ArrayList<>();
            for (Exemplar e : g.getValue()) {
                for (String part : focus.apply(e.category(), e.text())) {
                    if (part.isBlank()) {
                        continue;
                    }
                    float[] v = vectors.get(part);
                    if (v == null) {
                        v = embedder.embed(key(part));
                    }
                    keep.put(part, v);
                    if (e.counter()) {
                        (e.caseId() == null ? counters : passed).add(v);
                    } else {
                        owners.add(e);
                        vs.add(v);
                    }
                }
            }
            out.put(g.getKey(), new Category(List.copyOf(owners), pack(vs), pack(counters), pack(passed)));
        }
        vectors.clear();
        vectors.putAll(keep);
        return new Snapshot(out, clock.instant(), taken);
    }

    private static float[] pack(List<float[]> vs) {
        if (vs.isEmpty()) {
            return new float[0];
        }
        int dim = vs.get(0).length;
        float[] packed = new float[vs.size() * dim];
        for (int i = 0; i < vs.size(); i++) {
            System.arraycopy(vs.get(i), 0, packed, i * dim, dim);
        }
        return packed;
    }

    private String cut(String text) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
