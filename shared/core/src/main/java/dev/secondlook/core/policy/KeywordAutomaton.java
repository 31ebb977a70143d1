package dev.secondlook.core.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick automaton over folded keywords from every keyword set of a policy: one pass over a text finds
 * every keyword of every set, whatever the number of rules. Matches respect word boundaries at a keyword's
 * alphanumeric ends.
 */
final class KeywordAutomaton {

    /** One keyword occurrence in folded text. */
    record Match(int setId, int start, int end) {
    }

    private char[][] keys = new char[16][];
    private int[][] next = new int[16][];
    private int[] fail = new int[16];
    private int[][] outputs = new int[16][];
    private int nodes = 1;
    private final List<int[]> patterns = new ArrayList<>(); // {setId, length, startBoundary, endBoundary}
    private final List<String> words = new ArrayList<>();
    private boolean built;
    /** The root's transitions for ASCII characters, looked up directly: most characters of a text start there. */
    private int[] rootAscii;
    /**
     * Every state's next state for each ASCII character, failure links already followed, as the row of that state
     * ({@code rows[state * classes + classOf[c]]} is {@code next * classes}, negative where {@code next} ends a
     * keyword): one array read per character of a text instead of a search and a walk up the failure links, and
     * the next read depends on an add, not a multiply. ASCII characters no keyword holds share class 0 (they lead
     * every state back to the root), and an upper-case letter has its lower-case letter's class, so that ASCII
     * text is scanned without folding it first. Built when it fits in {@link #MAX_DENSE_STATES} states (the
     * default policy has about 2,300 states and 30 classes: 270 KB, where a row of all 128 characters took 4.7 MB);
     * a larger policy scans with the sparse transitions.
     */
    private int[] rows;
    private static final int ENDS_KEYWORD = Integer.MIN_VALUE;
    private final int[] classOf = new int[128];
    private int classes;
    private boolean asciiCaseFolded;
    static final int MAX_DENSE_STATES = 16_384;
    private int maxSetId = -1;
    /** For each set id, the {@link DetectorLiterals} bit it stands for (0 for a policy's own sets). */
    private int[] literalBits = new int[0];

    private final int maxDenseStates;

    KeywordAutomaton() {
        this(MAX_DENSE_STATES);
    }

    /** With {@code maxDenseStates} 0 it always scans with the sparse transitions (for tests). */
    KeywordAutomaton(int maxDenseStates) {
        this.maxDenseStates = maxDenseStates;
        keys[0] = new char[0];
        next[0] = new int[0];
        outputs[0] = new int[0];
    }

    /** Adds a keyword (already folded) belonging to {@code setId}, matched at word boundaries. */
    void add(int setId, String foldedKeyword) {
        add(setId, foldedKeyword, true, true);
    }

    /**
     * Adds a keyword; without a boundary flag it also matches inside a longer word at that end (regex prefilters:
     * the literal a pattern must start with, with or without {@code \b}).
     */
    void add(int setId, String foldedKeyword, boolean startBoundary, boolean endBoundary) {
        if (built) {
            throw new IllegalStateException("automaton already built");
        }
        int state = 0;
        for (int i = 0; i < foldedKeyword.length(); i++) {
            char c = foldedKeyword.charAt(i);
            int t = transition(state, c);
            if (t < 0) {
                t = newNode();
                int idx = Arrays.binarySearch(keys[state], c);
                int at = -idx - 1;
                keys[state] = insert(keys[state], at, c);
                next[state] = insert(next[state], at, t);
            }
            state = t;
        }
        maxSetId = Math.max(maxSetId, setId);
        int patternId = patterns.size();
        patterns.add(new int[] {setId, foldedKeyword.length(), startBoundary ? 1 : 0, endBoundary ? 1 : 0});
        words.add(foldedKeyword);
        outputs[state] = Arrays.copyOf(outputs[state], outputs[state].length + 1);
        outputs[state][outputs[state].length - 1] = patternId;
    }

    /** Computes failure links; call once after every keyword was added. */
    void build() {
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int[] order = new int[nodes];
        int ordered = 0;
        order[ordered++] = 0;
        for (int child : next[0]) {
            fail[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            order[ordered++] = s;
            for (int k = 0; k < keys[s].length; k++) {
                char c = keys[s][k];
                int child = next[s][k];
                int f = fail[s];
                while (f > 0 && transition(f, c) < 0) {
                    f = fail[f];
                }
                int t = transition(f, c);
                fail[child] = t >= 0 && t != child ? t : 0;
                int[] inherited = outputs[fail[child]];
                if (inherited.length > 0) {
                    int[] merged = Arrays.copyOf(outputs[child], outputs[child].length + inherited.length);
                    System.arraycopy(inherited, 0, merged, outputs[child].length, inherited.length);
                    outputs[child] = merged;
                }
                queue.add(child);
            }
        }
        rootAscii = new int[128];
        for (char c = 0; c < 128; c++) {
            rootAscii[c] = transition(0, c);
        }
        if (nodes <= maxDenseStates && nodes <= Character.MAX_VALUE) {
            boolean[] used = new boolean[128];
            boolean upperUsed = false;
            for (int s = 0; s < nodes; s++) {
                for (char c : keys[s]) {
                    if (c < 128) {
                        used[c] = true;
                        upperUsed |= c >= 'A' && c <= 'Z';
                    }
                }
            }
            // keywords are added folded, so no upper-case letter is used and each shares its lower-case class
            asciiCaseFolded = !upperUsed;
            char[] representative = new char[129];
            classes = 1;
            for (char c = 0; c < 128; c++) {
                if (used[c]) {
                    classOf[c] = classes;
                    representative[classes++] = c;
                }
            }
            if (asciiCaseFolded) {
                for (char c = 'A'; c <= 'Z'; c++) {
                    classOf[c] = classOf[c + 32];
                }
            }
            // in breadth-first order a state's failure link (a shorter suffix) has its row before the state does
            char[] dense = new char[nodes * classes];
            for (int k = 0; k < ordered; k++) {
                int s = order[k];
                for (int cls = 1; cls < classes; cls++) {
                    int t = transition(s, representative[cls]);
                    dense[s * classes + cls] = (char) (t >= 0 ? t : s == 0 ? 0 : dense[fail[s] * classes + cls]);
                }
            }
            // each entry as the row it leads to, flagged (negative) where that state ends a keyword: the scan's
            // next read depends on one add, not a multiply, and it looks up outputs only at a flagged entry
            rows = new int[dense.length];
            for (int k = 0; k < dense.length; k++) {
                rows[k] = dense[k] * classes | (outputs[dense[k]].length > 0 ? ENDS_KEYWORD : 0);
            }
        }
        built = true;
    }

    /**
     * Whether {@link #scan} folds ASCII case itself, so that an all-ASCII text can be scanned as it is (folding ASCII
     * is lower-casing it, one character for one).
     */
    boolean foldsAsciiCase() {
        return rows != null && asciiCaseFolded;
    }

    /** The highest keyword set id added, -1 when none. */
    int maxSetId() {
        return maxSetId;
    }

    /** Marks {@code setId} as the set of a {@link DetectorLiterals} bit. */
    void literal(int setId, int bit) {
        if (setId >= literalBits.length) {
            literalBits = Arrays.copyOf(literalBits, setId + 1);
        }
        literalBits[setId] |= bit;
    }

    /**
     * The {@link DetectorLiterals} bits of the sets among {@code found}, or {@link DetectorLiterals#UNKNOWN} when
     * no literal sets were registered (nothing can be ruled out).
     */
    int literals(List<Match> found) {
        if (literalBits.length == 0) {
            return DetectorLiterals.UNKNOWN;
        }
        int bits = 0;
        for (int i = 0; i < found.size(); i++) {
            int setId = found.get(i).setId();
            bits |= setId < literalBits.length ? literalBits[setId] : 0;
        }
        return bits;
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    /**
     * Keyword occurrences in {@code folded} (or in ASCII text as it is, when {@link #foldsAsciiCase()}), at word
     * boundaries: every one, up to {@code perSet} of each keyword
     * set (a keyword repeated through a long text would otherwise fill memory with matches nobody reads).
     *
     * @throws JudgeTimeoutException when the deadline passes during the scan
     */
    List<Match> scan(String folded, int perSet, Deadline deadline) {
        List<Match> found = new ArrayList<>();
        int[] perSetFound = new int[maxSetId + 1];
        Deadline.Counter clock = deadline.counter();
        int[] rows = this.rows;
        int state = 0;
        int row = 0;   // state * classes, with rows
        for (int i = 0; i < folded.length(); i++) {
            clock.tick();
            char c = folded.charAt(i);
            if (c < 128 && rows != null) {
                int entry = rows[row + classOf[c]];
                row = entry & Integer.MAX_VALUE;
                if (entry >= 0) {
                    continue;
                }
                state = row / classes;
            } else {
                if (rows != null) {
                    state = row / classes;
                }
                int t;
                while ((t = state == 0 && c < 128 ? rootAscii[c] : transition(state, c)) < 0 && state > 0) {
                    state = fail[state];
                }
                state = Math.max(t, 0);
                row = state * classes;
                if (outputs[state].length == 0) {
                    continue;
                }
            }
            emit(state, folded, i, perSet, perSetFound, found);
        }
        return found;
    }

    /**
     * Adds the keywords that end at {@code i} in state {@code state} (at word boundaries, up to {@code perSet} of
     * each set) to {@code found}.
     */
    void emit(int state, String folded, int i, int perSet, int[] perSetFound, List<Match> found) {
        for (int p : outputs[state]) {
            int[] pattern = patterns.get(p);
            int setId = pattern[0];
            if (perSetFound[setId] >= perSet) {
                continue;
            }
            int start = i + 1 - pattern[1];
            if (boundaryOk(folded, start, i + 1, words.get(p), pattern[2] == 1, pattern[3] == 1)) {
                found.add(new Match(setId, start, i + 1));
                perSetFound[setId]++;
            }
        }
    }

    /** The dense rows ({@link #rows}) when the automaton folds ASCII case itself ({@link #foldsAsciiCase}), else null. */
    int[] asciiRows() {
        return foldsAsciiCase() ? rows : null;
    }

    /** Each ASCII character's class: the column of {@link #asciiRows()}. */
    int[] asciiClasses() {
        return classOf;
    }

    /** The number of classes: a state's row in {@link #asciiRows()} is {@code state * classes()}. */
    int classes() {
        return classes;
    }

    private static boolean boundaryOk(String text, int start, int end, String word, boolean startBoundary,
                                      boolean endBoundary) {
        if (startBoundary && Character.isLetterOrDigit(word.charAt(0)) && start > 0
                && Character.isLetterOrDigit(text.charAt(start - 1))) {
            return false;
        }
        return !endBoundary || !(Character.isLetterOrDigit(word.charAt(word.length() - 1)) && end < text.length()
                && Character.isLetterOrDigit(text.charAt(end)));
    }

    private int transition(int state, char c) {
        char[] k = keys[state];
        if (k.length < 8) {
            for (int i = 0; i < k.length; i++) {
                if (k[i] == c) {
                    return next[state][i];
                }
            }
            return -1;
        }
        int idx = Arrays.binarySearch(k, c);
        return idx >= 0 ? next[state][idx] : -1;
    }

    private int newNode() {
        if (nodes == keys.length) {
            int n = nodes * 2;
            keys = Arrays.copyOf(keys, n);
            next = Arrays.copyOf(next, n);
            fail = Arrays.copyOf(fail, n);
            outputs = Arrays.copyOf(outputs, n);
        }
        keys[nodes] = new char[0];
        next[nodes] = new int[0];
        outputs[nodes] = new int[0];
        return nodes++;
    }

    private static char[] insert(char[] a, int at, char c) {
        char[] r = new char[a.length + 1];
        System.arraycopy(a, 0, r, 0, at);
        r[at] = c;
        System.arraycopy(a, at, r, at + 1, a.length - at);
        return r;
    }

    private static int[] insert(int[] a, int at, int v) {
        int[] r = new int[a.length + 1];
        System.arraycopy(a, 0, r, 0, at);
        r[at] = v;
        System.arraycopy(a, at, r, at + 1, a.length - at);
        return r;
    }
}
