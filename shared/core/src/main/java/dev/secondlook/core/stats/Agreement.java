package dev.secondlook.core.stats;

import java.util.List;

/**
 * Cohen's kappa for two reviews of the same records on a yes/no label (off-policy, or off-policy in a category),
 * with the large-sample standard error of Fleiss, Cohen and Everitt (1969) and a Wald interval clipped to
 * [-1, 1]. The first and the second review of each record are the two raters.
 */
public final class Agreement {

    /** A record reviewed twice: the first and the second reviewer's label. */
    public record Pair(boolean first, boolean second) {
    }

    private Agreement() {
    }

    /**
     * @return kappa and its interval; value null when there is no pair, or when every review gave the same label
     *         (chance agreement is 1 and kappa is undefined)
     */
    public static Interval kappa(List<Pair> pairs, double confidence) {
        int n = pairs.size();
        if (n == 0) {
            return new Interval(null, -1, 1);
        }
        double[][] p = new double[2][2];
        for (Pair pair : pairs) {
            p[pair.first() ? 1 : 0][pair.second() ? 1 : 0] += 1.0 / n;
        }
        double[] row = {p[0][0] + p[0][1], p[1][0] + p[1][1]};
        double[] col = {p[0][0] + p[1][0], p[0][1] + p[1][1]};
        double po = p[0][0] + p[1][1];
        double pe = row[0] * col[0] + row[1] * col[1];
        if (pe >= 1 - 1e-12) {
            return new Interval(null, -1, 1);
        }
        double kappa = (po - pe) / (1 - pe);
        double a = 0;
        for (int i = 0; i < 2; i++) {
            double t = 1 - (row[i] + col[i]) * (1 - kappa);
            a += p[i][i] * t * t;
        }
        double b = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                if (i != j) {
                    double t = col[i] + row[j];
                    b += p[i][j] * t * t;
                }
            }
        }
        b *= (1 - kappa) * (1 - kappa);
        double c = kappa - pe * (1 - kappa);
        double variance = Math.max(0, (a + b - c * c) / (n * (1 - pe) * (1 - pe)));
        double z = Distributions.normalQuantile(1 - (1 - confidence) / 2);
        double half = z * Math.sqrt(variance);
        return new Interval(kappa, Math.max(-1, kappa - half), Math.min(1, kappa + half));
    }
}
