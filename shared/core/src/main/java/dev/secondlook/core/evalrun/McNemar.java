package dev.secondlook.core.evalrun;

/**
 * The exact McNemar test on paired pass/fail outcomes: only the discordant pairs count, {@code b} cases that went
 * from fail to pass and {@code c} from pass to fail. Under the null hypothesis (the candidate is no better and no
 * worse) each discordant pair is a fair coin, so {@code min(b, c)} follows Binomial(b + c, 1/2), and the two-sided
 * p-value is {@code min(1, 2 * P(X <= min(b, c)))}. With no discordant pair, p = 1.
 *
 * <p>Exact at any size: the binomial terms are summed in log space, so b + c in the millions neither overflows
 * nor underflows to a wrong answer.
 */
public final class McNemar {

    private McNemar() {
    }

    /**
     * Two-sided exact p-value.
     *
     * @param b pairs that went from fail (baseline) to pass (candidate)
     * @param c pairs that went from pass to fail
     * @throws IllegalArgumentException on a negative count
     */
    public static double exactP(int b, int c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("counts must not be negative: b=" + b + ", c=" + c);
        }
        int n = b + c;
        if (n == 0) {
            return 1.0;
        }
        int k = Math.min(b, c);
        // log C(n, i) built up term by term: log C(n, i) = log C(n, i-1) + log(n - i + 1) - log(i)
        double logHalfN = n * Math.log(0.5);
        double logChoose = 0;
        double max = logHalfN;
        double[] terms = new double[k + 1];
        terms[0] = logHalfN;
        for (int i = 1; i <= k; i++) {
            logChoose += Math.log(n - i + 1) - Math.log(i);
            terms[i] = logChoose + logHalfN;
            max = Math.max(max, terms[i]);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        double tail = Math.exp(max + Math.log(sum));
        return Math.min(1.0, 2 * tail);
    }
}
