package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeywordAutomatonTest {

    private static KeywordAutomaton build(List<String> words, int maxDense) {
        KeywordAutomaton a = new KeywordAutomaton(maxDense);
        for (int i = 0; i < words.size(); i++) {
            a.add(i % 5, words.get(i), i % 3 != 0, i % 4 != 0);
        }
        a.build();
        return a;
    }

    /** One to twelve words of one to five characters of {@code alphabet}. */
    private static List<String> randomWords(Random rnd, String alphabet) {
        List<String> words = new java.util.ArrayList<>();
        for (int w = 0, n = 1 + rnd.nextInt(12); w < n; w++) {
            words.add(random(rnd, alphabet, 1 + rnd.nextInt(5)));
        }
        return words;
    }

    private static String random(Random rnd, String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < length; k++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Test
    void theDenseTable_findsExactlyWhatTheSparseTransitionsFind() {
        Random rnd = new Random(20261130);
        String alphabet = "abcab é-'.";
        for (int round = 0; round < 300; round++) {
            List<String> words = randomWords(rnd, alphabet);
            String text = random(rnd, alphabet, rnd.nextInt(200));
            KeywordAutomaton dense = build(words, KeywordAutomaton.MAX_DENSE_STATES);
            KeywordAutomaton sparse = build(words, 0);
            assertEquals(sparse.scan(text, 1000, Deadline.NONE), dense.scan(text, 1000, Deadline.NONE),
                    words + " in '" + text + "'");
        }
    }

    @Test
    void asciiTextScannedAsItIs_findsWhatItsFoldedCopyFinds() {
        Random rnd = new Random(20261201);
        String alphabet = "abcAB zZ0-'.\t_";
        for (int round = 0; round < 2_000; round++) {
            List<String> words = randomWords(rnd, alphabet).stream().map(TextFolding::fold).toList();
            String text = random(rnd, alphabet, rnd.nextInt(200));
            KeywordAutomaton dense = build(words, KeywordAutomaton.MAX_DENSE_STATES);
            assertTrue(dense.foldsAsciiCase());
            String folded = TextFolding.of(text, Deadline.NONE).folded;
            assertEquals(build(words, 0).scan(folded, 1000, Deadline.NONE), dense.scan(text, 1000, Deadline.NONE),
                    words + " in '" + text + "'");
        }
    }

    @Test
    void anUnfoldedKeyword_keepsItsOwnClass_andTheTextMustBeFolded() {
        KeywordAutomaton a = new KeywordAutomaton();
        a.add(0, "Ab");
        a.add(1, "ab");
        a.build();
        assertFalse(a.foldsAsciiCase());
        assertEquals(List.of(new KeywordAutomaton.Match(0, 0, 2)), a.scan("Ab", 10, Deadline.NONE));
        assertEquals(List.of(new KeywordAutomaton.Match(1, 0, 2)), a.scan("ab", 10, Deadline.NONE));
    }

    @Test
    void aPolicyTooLargeForTheDenseTable_scansSparse_andFoldsNothingItself() {
        KeywordAutomaton a = build(List.of("refund", "credit"), 1);
        assertFalse(a.foldsAsciiCase());
        assertEquals(List.of(new KeywordAutomaton.Match(0, 4, 10)), a.scan("the refund", 10, Deadline.NONE));
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
