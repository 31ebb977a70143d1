package dev.secondlook.core.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgreementTest {

    @Test
    void kappa_ofAKnownTable() {
        // 20 both no, 5 no/yes, 10 yes/no, 15 both yes: po = 0.7, pe = 0.5, kappa = 0.4
        Interval k = Agreement.kappa(table(20, 5, 10, 15), 0.95);
        assertEquals(0.4, k.value(), 1e-12);
        assertTrue(k.lower() < 0.4 && k.upper() > 0.4);
        // Fleiss-Cohen-Everitt SE for this table is about 0.125: half-width ~ 0.25
        assertEquals(0.25, (k.upper() - k.lower()) / 2, 0.03);
    }

    @Test
    void perfectAgreement_isOne() {
        Interval k = Agreement.kappa(table(30, 0, 0, 10), 0.95);
        assertEquals(1.0, k.value(), 1e-12);
        assertEquals(1.0, k.upper(), 1e-12);
    }

    @Test
    void noPairs_orOneLabelOnly_giveNoKappa() {
        assertNull(Agreement.kappa(List.of(), 0.95).value());
        assertNull(Agreement.kappa(table(40, 0, 0, 0), 0.95).value());
    }

    @Test
    void kappaInterval_coversTheTruth_inSimulation() {
        // two reviewers who each see the true label and err independently with probability 10 %, prevalence 30 %:
        // kappa = (po - pe) / (1 - pe) with po = 0.82, pe from the marginals
        double prevalence = 0.3;
        double err = 0.1;
        double pYes = prevalence * (1 - err) + (1 - prevalence) * err;
        double po = (1 - err) * (1 - err) + err * err;
        double pe = pYes * pYes + (1 - pYes) * (1 - pYes);
        double truth = (po - pe) / (1 - pe);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        int covered = 0;
        int runs = 2000;
        for (int run = 0; run < runs; run++) {
            List<Agreement.Pair> pairs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                boolean label = random.nextDouble() < prevalence;
                pairs.add(new Agreement.Pair(label ^ random.nextDouble() < err, label ^ random.nextDouble() < err));
            }
            covered += Agreement.kappa(pairs, 0.95).covers(truth) ? 1 : 0;
        }
        assertTrue(covered >= 0.93 * runs, "covered " + covered + " of " + runs);
    }

    private static List<Agreement.Pair> table(int noNo, int noYes, int yesNo, int yesYes) {
        List<Agreement.Pair> pairs = new ArrayList<>();
        add(pairs, noNo, false, false);
        add(pairs, noYes, false, true);
        add(pairs, yesNo, true, false);
        add(pairs, yesYes, true, true);
        return pairs;
    }

    private static void add(List<Agreement.Pair> pairs, int n, boolean a, boolean b) {
        for (int i = 0; i < n; i++) {
            pairs.add(new Agreement.Pair(a, b));
        }
    }
}
