package dev.secondlook.core.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * System-prompt echo: the output repeats the system prompt. Both texts are folded (case, diacritics) and cut
 * into word n-grams; the rule fires when at least {@code minMatches} of the system prompt's n-grams appear in the
 * output and they are at least {@code minShare} of them. Evidence: the output spans of the matching n-grams,
 * merged.
 */
record EchoMatcher(int ngram, double minShare, int minMatches, Map<String, Set<String>> gramsBySystemPrompt)
        implements Matcher {

    /** System prompts repeat across records: their n-gram sets are kept, up to this many prompts. */
    private static final int CACHE_LIMIT = 256;

    EchoMatcher(int ngram, double minShare, int minMatches) {
        this(ngram, minShare, minMatches, new ConcurrentHashMap<>());
    }

    private record Word(String text, int start, int end) {
    }

    @Override
    public List<Hit> match(EvaluationContext ctx) {
        String system = ctx.interaction.systemPrompt();
        String output = ctx.interaction.output();
        if (system.isBlank() || output.isBlank()) {
            return null;
        }
        Set<String> sysGrams = systemGrams(system);
        List<Word> out = words(output);
        int n = sysGrams.isEmpty() ? 0 : sysGrams.iterator().next().split(" ").length;
        if (n == 0 || out.size() < n) {
            return null;
        }
        Set<String> matched = new HashSet<>();
        List<Hit> hits = new ArrayList<>();
        int spanStart = -1;
        int spanEnd = -1;
        for (int i = 0; i + n <= out.size(); i++) {
            String g = gram(out, i, n);
            if (!sysGrams.contains(g)) {
                continue;
            }
            matched.add(g);
            int s = out.get(i).start();
            int e = out.get(i + n - 1).end();
            if (spanStart >= 0 && s <= spanEnd) {
                spanEnd = Math.max(spanEnd, e);
            } else {
                if (spanStart >= 0) {
                    hits.add(new Hit(dev.secondlook.core.model.TextField.OUTPUT, spanStart, spanEnd, "echo", false));
                }
                spanStart = s;
                spanEnd = e;
            }
        }
        if (spanStart >= 0) {
            hits.add(new Hit(dev.secondlook.core.model.TextField.OUTPUT, spanStart, spanEnd, "echo", false));
        }
        double share = (double) matched.size() / sysGrams.size();
        boolean fires = matched.size() >= Math.min(minMatches, sysGrams.size()) && share >= minShare;
        return fires ? hits : null;
    }

    private Set<String> systemGrams(String system) {
        Set<String> cached = gramsBySystemPrompt.get(system);
        if (cached != null) {
            return cached;
        }
        List<Word> sys = words(system);
        int n = Math.min(ngram, sys.size());
        Set<String> grams = new HashSet<>();
        for (int i = 0; n > 0 && i + n <= sys.size(); i++) {
            grams.add(gram(sys, i, n));
        }
        if (gramsBySystemPrompt.size() >= CACHE_LIMIT) {
            gramsBySystemPrompt.clear();
        }
        gramsBySystemPrompt.put(system, Set.copyOf(grams));
        return grams;
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
                return TextFolding.fold(w);
            }
        }
        return w.toLowerCase(java.util.Locale.ROOT);
    }

    private static List<Word> words(String text) {
        List<Word> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && !Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '\'')) {
                i++;
            }
            if (i > start) {
                out.add(new Word(foldWord(text.substring(start, i)), start, i));
            }
        }
        return out;
    }
}
