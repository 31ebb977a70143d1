package dev.secondlook.core.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * System-prompt echo: the output repeats the system prompt. Both texts are folded (case, diacritics) and cut
 * into word n-grams; the rule fires when at least {@code minMatches} of the system prompt's n-grams appear in the
 * output and they are at least {@code minShare} of them. Evidence: the output spans of the matching n-grams,
 * merged.
 */
record EchoMatcher(int ngram, double minShare, int minMatches) implements Matcher {

    private record Word(String text, int start, int end) {
    }

    @Override
    public List<Hit> match(EvaluationContext ctx) {
        String system = ctx.interaction.systemPrompt();
        String output = ctx.interaction.output();
        if (system.isBlank() || output.isBlank()) {
            return null;
        }
        List<Word> sys = words(system);
        List<Word> out = words(output);
        int n = Math.min(ngram, sys.size());
        if (n == 0 || out.size() < n) {
            return null;
        }
        Set<String> sysGrams = new HashSet<>();
        for (int i = 0; i + n <= sys.size(); i++) {
            sysGrams.add(gram(sys, i, n));
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
                out.add(new Word(TextFolding.fold(text.substring(start, i)), start, i));
            }
        }
        return out;
    }
}
