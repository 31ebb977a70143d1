package dev.secondlook.core.policy;

import dev.secondlook.core.model.TextField;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * System-prompt echo: the output repeats the system prompt. Both texts are folded (case, diacritics) and cut
 * into word n-grams; the rule fires when at least {@code minMatches} of the system prompt's n-grams appear in the
 * output and they are at least {@code minShare} of them. Evidence: the output spans of the matching n-grams,
 * merged, at most {@link Hit#MAX_PER_FIELD} of them.
 */
record EchoMatcher(int ngram, double minShare, int minMatches, GramCache cache) implements Matcher {

    EchoMatcher(int ngram, double minShare, int minMatches) {
        this(ngram, minShare, minMatches, new GramCache());
    }

    private record Word(String text, int start, int end) {
    }

    /**
     * A system prompt's n-grams, their length in words, and a 64-bit hash of each (see {@link #gramHash}): the
     * output's n-grams are hashed without building a string, and only one whose hash is here is built and looked
     * up.
     */
    private record Grams(Set<String> grams, int n, long[] hashes, long[] bloom) {

        /** Bits of the filter in front of the sorted hashes: most output n-grams are ruled out by one bit. */
        static final int BLOOM_BITS = 4096;

        static long[] bloomOf(long[] hashes) {
            long[] bloom = new long[BLOOM_BITS / 64];
            for (long h : hashes) {
                int bit = bloomBit(h);
                bloom[bit >>> 6] |= 1L << bit;
            }
            return bloom;
        }

        private static int bloomBit(long hash) {
            return (int) (hash >>> 52) & (BLOOM_BITS - 1);
        }

        /** Whether an n-gram of the system prompt may have this hash ({@code hashes} is sorted). */
        boolean mayHave(long hash) {
            int bit = bloomBit(hash);
            return (bloom[bit >>> 6] & (1L << bit)) != 0 && java.util.Arrays.binarySearch(hashes, hash) >= 0;
        }
    }

    @Override
    public List<Hit> match(EvaluationContext ctx) {
        String system = ctx.interaction.systemPrompt();
        String output = ctx.interaction.output();
        if (system.isBlank() || output.isBlank()) {
            return null;
        }
        Grams sys = systemGrams(system, ctx.deadline);
        int n = sys.n();
        OutputWords out = ctx.outputWords();
        if (n == 0 || out.size < n) {
            return null;
        }
        Set<String> matched = null;   // made at the first matching n-gram: most outputs have none
        List<Hit> hits = null;
        int spanStart = -1;
        int spanEnd = -1;
        Deadline.Counter clock = ctx.deadline.counter();
        for (int i = 0; i + n <= out.size; i++) {
            clock.tick();
            if (!sys.mayHave(gramHash(out.hashes, i, n))) {
                continue;
            }
            String g = out.gram(output, i, n);
            if (!sys.grams().contains(g)) {
                continue;
            }
            if (matched == null) {
                matched = new HashSet<>();
                hits = new ArrayList<>();
            }
            matched.add(g);
            int s = out.starts[i];
            int e = out.ends[i + n - 1];
            if (spanStart >= 0 && s <= spanEnd) {
                spanEnd = Math.max(spanEnd, e);
            } else {
                if (spanStart >= 0 && hits.size() < Hit.MAX_PER_FIELD) {
                    hits.add(new Hit(TextField.OUTPUT, spanStart, spanEnd, "echo", false));
                }
                spanStart = s;
                spanEnd = e;
            }
        }
        if (matched == null) {
            return null;
        }
        if (hits.size() < Hit.MAX_PER_FIELD) {
            hits.add(new Hit(TextField.OUTPUT, spanStart, spanEnd, "echo", false));
        }
        double share = (double) matched.size() / sys.grams().size();
        boolean fires = matched.size() >= Math.min(minMatches, sys.grams().size()) && share >= minShare;
        return fires ? hits : null;
    }

    private Grams systemGrams(String system, Deadline deadline) {
        Grams cached = cache.get(system);
        if (cached != null) {
            return cached;
        }
        List<Word> sys = words(system, deadline);
        int n = Math.min(ngram, sys.size());
        long[] wordHashes = new long[sys.size()];
        for (int i = 0; i < wordHashes.length; i++) {
            wordHashes[i] = wordHash(sys.get(i).text());
        }
        Set<String> grams = new HashSet<>();
        long[] hashes = new long[Math.max(0, sys.size() - n + 1)];
        Deadline.Counter clock = deadline.counter();
        for (int i = 0; n > 0 && i + n <= sys.size(); i++) {
            clock.tick();
            grams.add(gram(sys, i, n));
            hashes[i] = gramHash(wordHashes, i, n);
        }
        java.util.Arrays.sort(hashes);
        Grams computed = new Grams(Set.copyOf(grams), n, hashes, Grams.bloomOf(hashes));
        cache.put(system, computed);
        return computed;
    }

    private static String gram(List<Word> words, int from, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            if (i > from) {
                sb.append(' ');
            }
            sb.append(words.get(i).text());
        }
        return sb.toString();
    }

    /** Folds a word; ASCII words only need lower-casing, which is most of them. */
    private static String foldWord(String w) {
        for (int k = 0; k < w.length(); k++) {
            if (w.charAt(k) >= 128) {
                return TextFolding.foldEach(w);
            }
        }
        return w.toLowerCase(java.util.Locale.ROOT);
    }

    static final long WORD_PRIME = 0x100000001B3L;
    static final long WORD_OFFSET = 0xCBF29CE484222325L;
    private static final long GRAM_PRIME = 0x9E3779B97F4A7C15L;

    /** FNV-1a over a folded word's characters. */
    private static long wordHash(CharSequence folded) {
        long h = WORD_OFFSET;
        for (int i = 0; i < folded.length(); i++) {
            h = (h ^ folded.charAt(i)) * WORD_PRIME;
        }
        return h;
    }

    /** The hash of the n-gram of words {@code from .. from + n - 1}, from their word hashes. */
    private static long gramHash(long[] wordHashes, int from, int n) {
        long h = n;
        for (int i = from; i < from + n; i++) {
            h = h * GRAM_PRIME + wordHashes[i];
        }
        return h;
    }

    /** The output's words as offsets and hashes of their folded form; strings only for n-grams worth a look. */
    static final class OutputWords {
        int[] starts;
        int[] ends;
        long[] hashes;
        int size;

        /** Room for the words of a text of {@code length} chars at five chars a word, growing past it. */
        OutputWords(int length) {
            int capacity = Math.max(8, Math.min(64, length / 5));
            starts = new int[capacity];
            ends = new int[capacity];
            hashes = new long[capacity];
        }

        void add(int start, int end, long hash) {
            if (size == starts.length) {
                starts = java.util.Arrays.copyOf(starts, size * 2);
                ends = java.util.Arrays.copyOf(ends, size * 2);
                hashes = java.util.Arrays.copyOf(hashes, size * 2);
            }
            starts[size] = start;
            ends[size] = end;
            hashes[size++] = hash;
        }

        String gram(String text, int from, int n) {
            StringBuilder sb = new StringBuilder();
            for (int i = from; i < from + n; i++) {
                if (i > from) {
                    sb.append(' ');
                }
                sb.append(foldWord(text.substring(starts[i], ends[i])));
            }
            return sb.toString();
        }
    }

    /** The words of the output as {@link #words} cuts them; an ASCII word is hashed as its lower case. */
    static OutputWords outputWords(String text, Deadline deadline) {
        OutputWords out = new OutputWords(text.length());
        Deadline.Counter clock = deadline.counter();
        int i = 0;
        while (i < text.length()) {
            clock.tick();
            while (i < text.length() && !isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            int start = i;
            long h = WORD_OFFSET;
            boolean ascii = true;
            while (i < text.length() && (isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '\'')) {
                char c = text.charAt(i);
                ascii &= c < 128;
                h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32 : c)) * WORD_PRIME;
                i++;
            }
            if (i > start) {
                out.add(start, i, ascii ? h : wordHash(foldWord(text.substring(start, i))));
            }
        }
        return out;
    }

    /** {@link Character#isLetterOrDigit(char)}, from a table for ASCII: the output's words are mostly ASCII. */
    static boolean isLetterOrDigit(char c) {
        return c < 128 ? ASCII_WORD_CHAR[c] : Character.isLetterOrDigit(c);
    }

    private static final boolean[] ASCII_WORD_CHAR = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_WORD_CHAR[c] = Character.isLetterOrDigit(c);
        }
    }

    private static List<Word> words(String text, Deadline deadline) {
        List<Word> out = new ArrayList<>();
        Deadline.Counter clock = deadline.counter();
        int i = 0;
        while (i < text.length()) {
            clock.tick();
            while (i < text.length() && !isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && (isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '\'')) {
                i++;
            }
            if (i > start) {
                out.add(new Word(foldWord(text.substring(start, i)), start, i));
            }
        }
        return out;
    }

    /**
     * System prompts repeat across records, so their n-gram sets are kept, least recently used first out, within a
     * fixed estimate of the heap they hold. A count limit alone did not bound memory: 300 distinct 160 KB system
     * prompts (some 27,000 n-grams each) exhausted a 384 MB heap.
     */
    static final class GramCache {

        /** Heap the cache may hold, by estimate: a few per cent of a 384 MB function. */
        static final long MAX_BYTES = 16L * 1024 * 1024;

        /**
         * A prompt larger than this share of the cache is not kept (it is cut into n-grams again for each record,
         * which its size allows within the judge budget): one huge prompt must not evict every common one.
         */
        static final long MAX_ENTRY_BYTES = MAX_BYTES / 4;

        /**
         * Estimated heap per n-gram besides its characters: a String and its array (about 40 bytes), a slot in the
         * immutable set's table (about 8) and room for the table's load factor.
         */
        private static final int BYTES_PER_GRAM = 64;

        /** Heap per n-gram hash: one long in a sorted array. */
        private static final int BYTES_PER_HASH = 8;

        /** Heap of each prompt's filter in front of its hashes. */
        private static final int BLOOM_BYTES = Grams.BLOOM_BITS / 8;

        private final Map<String, Grams> entries = new LinkedHashMap<>(16, 0.75f, true);
        private long bytes;

        synchronized Grams get(String system) {
            return entries.get(system);
        }

        synchronized void put(String system, Grams grams) {
            long size = estimate(system, grams);
            if (size > MAX_ENTRY_BYTES || entries.containsKey(system)) {
                return;
            }
            Iterator<Map.Entry<String, Grams>> eldest = entries.entrySet().iterator();
            while (bytes + size > MAX_BYTES && eldest.hasNext()) {
                Map.Entry<String, Grams> e = eldest.next();
                bytes -= estimate(e.getKey(), e.getValue());
                eldest.remove();
            }
            entries.put(system, grams);
            bytes += size;
        }

        /** The cache's estimated heap, for tests. */
        synchronized long bytes() {
            return bytes;
        }

        private static long estimate(String system, Grams grams) {
            // the key's characters (two bytes each at worst), and each n-gram: about its words' characters
            long chars = 2L * system.length();
            return chars + grams.grams().size() * (long) (BYTES_PER_GRAM + BYTES_PER_HASH) + chars * grams.n()
                    + BLOOM_BYTES;
        }
    }
}
