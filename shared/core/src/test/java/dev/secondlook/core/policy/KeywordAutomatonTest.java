package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeywordAutomatonTest {

    private static KeywordAutomaton build(List<String> words, int maxDense) {
        KeywordAutomaton a = new KeywordAutomaton(maxDense);
        for (int i = 0; i < words.size(); i++) {
            a.add(i % 5, words.get(i), i % 3 != 0, i % 4 != 0);
        }
        a.build();
        return a;
    }

    @Test
    void theDenseTable_findsExactlyWhatTheSparseTransitionsFind() {
        Random rnd = new Random(20261130);
        String alphabet = "abcab é-'.";
        for (int round = 0; round < 300; round++) {
            List<String> words = new java.util.ArrayList<>();
            for (int w = 0, n = 1 + rnd.nextInt(12); w < n; w++) {
                StringBuilder sb = new StringBuilder();
                for (int k = 0, len = 1 + rnd.nextInt(5); k < len; k++) {
                    sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                words.add(sb.toString());
            }
            StringBuilder text = new StringBuilder();
            for (int k = 0, len = rnd.nextInt(200); k < len; k++) {
                text.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            KeywordAutomaton dense = build(words, KeywordAutomaton.MAX_DENSE_STATES);
            KeywordAutomaton sparse = build(words, 0);
            assertEquals(sparse.scan(text.toString(), 1000, Deadline.NONE),
                    dense.scan(text.toString(), 1000, Deadline.NONE), words + " in '" + text + "'");
        }
    }

    @Test
    void overlappingKeywords_areAllFound_throughTheFailureLinks() {
        KeywordAutomaton a = new KeywordAutomaton();
        a.add(0, "she", false, false);
        a.add(1, "he", false, false);
        a.add(2, "hers", false, false);
        a.build();
        assertEquals(List.of(new KeywordAutomaton.Match(0, 1, 4), new KeywordAutomaton.Match(1, 2, 4),
                new KeywordAutomaton.Match(2, 2, 6)), a.scan("ushers", 10, Deadline.NONE));
    }
}
