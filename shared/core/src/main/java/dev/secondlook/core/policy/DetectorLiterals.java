package dev.secondlook.core.policy;

import java.util.List;

/**
 * The fixed strings some detectors' preconditions look for ({@code "eyJ"} before a JWT, {@code "-----BEGIN"} before
 * a private key, {@code "://"} or {@code "Basic "} before credentials, a key id prefix, {@code "secret"} near an AWS
 * secret key, a Kubernetes Secret's {@code kind} and {@code data}), registered as keyword sets of the policy's
 * automaton. The automaton reads every field once anyway ({@link FieldPass}); what it finds of these sets tells the
 * preconditions which strings a text cannot hold, so that each no longer reads the whole text for its own
 * ({@link Detectors.Profile#may}). The automaton folds case and ignores word boundaries here, so a set found is
 * only a necessary condition: the precondition's own check still runs where its string may be.
 */
final class DetectorLiterals {

    static final int JWT = 1;
    static final int PEM = 1 << 1;
    static final int SCHEME = 1 << 2;
    static final int BASIC = 1 << 3;
    static final int AWS_KEY_ID = 1 << 4;
    static final int SECRET = 1 << 5;
    static final int K8S_KIND = 1 << 6;
    static final int K8S_DATA = 1 << 7;
    /** Every bit: what a profile says when no automaton read its text (each precondition checks for itself). */
    static final int UNKNOWN = -1;

    /** Each bit's strings, folded as the automaton reads text (ASCII lower case). */
    private static final List<Entry> ENTRIES = List.of(
            new Entry(JWT, List.of("eyj")),
            new Entry(PEM, List.of("-----begin")),
            new Entry(SCHEME, List.of("://")),
            new Entry(BASIC, List.of("basic ")),
            new Entry(AWS_KEY_ID, List.of("akia", "asia", "abia", "acca", "agpa", "aida", "aroa", "aipa", "anpa",
                    "anva", "apka")),
            new Entry(SECRET, List.of("secret")),
            new Entry(K8S_KIND, List.of("kind: secret", "kind: \"secret\"", "kind: 'secret'")),
            new Entry(K8S_DATA, List.of("data:")));

    private record Entry(int bit, List<String> folded) {
    }

    private DetectorLiterals() {
    }

    /** The strings of one bit, folded (for tests). */
    static List<String> strings(int bit) {
        for (Entry e : ENTRIES) {
            if (e.bit() == bit) {
                return e.folded();
            }
        }
        throw new IllegalArgumentException("no literal bit " + bit);
    }

    /** Every bit, in order (for tests). */
    static List<Integer> bits() {
        return ENTRIES.stream().map(Entry::bit).toList();
    }

    /** Adds each bit's strings to {@code automaton} as a set of its own, inside words too. */
    static void register(KeywordAutomaton automaton, int[] nextSet) {
        for (Entry e : ENTRIES) {
            int setId = nextSet[0]++;
            for (String s : e.folded()) {
                automaton.add(setId, s, false, false);
            }
            automaton.literal(setId, e.bit());
        }
    }
}
