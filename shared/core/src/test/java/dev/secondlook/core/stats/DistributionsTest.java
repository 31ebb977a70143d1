package dev.secondlook.core.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DistributionsTest {

    @Test
    void normalQuantile_matchesTables() {
        assertEquals(1.959963984540054, Distributions.normalQuantile(0.975), 1e-9);
        assertEquals(2.241402727604947, Distributions.normalQuantile(0.9875), 1e-9);
        assertEquals(-3.090232306167813, Distributions.normalQuantile(0.001), 1e-8);
        assertEquals(0.0, Distributions.normalQuantile(0.5), 1e-12);
    }

    @Test
    void studentTQuantile_matchesTables() {
        assertEquals(12.70620473617471, Distributions.studentTQuantile(0.975, 1), 1e-7);
        assertEquals(2.228138851986274, Distributions.studentTQuantile(0.975, 10), 1e-8);
        assertEquals(1.962339, Distributions.studentTQuantile(0.975, 1000), 1e-6);
    }

    @Test
    void betaQuantile_givesClopperPearsonBounds() {
        // 0 of 20: upper bound 1 - 0.025^(1/20)
        assertEquals(1 - Math.pow(0.025, 1.0 / 20), Distributions.betaQuantile(0.975, 1, 20), 1e-10);
        // 5 of 100: [0.01643, 0.11283] (R: binom.test(5, 100)$conf.int)
        assertEquals(0.01643187, Distributions.betaQuantile(0.025, 5, 96), 1e-7);
        assertEquals(0.11283491, Distributions.betaQuantile(0.975, 6, 95), 1e-7);
    }

    @Test
    void regularizedBeta_isTheBinomialTail() {
        // P(X >= 3) for X ~ Bin(10, 0.2) = I_0.2(3, 8)
        double tail = 0;
        for (int k = 3; k <= 10; k++) {
            tail += binomial(10, k) * Math.pow(0.2, k) * Math.pow(0.8, 10 - k);
        }
        assertEquals(tail, Distributions.regularizedBeta(0.2, 3, 8), 1e-12);
    }

    private static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }
}
