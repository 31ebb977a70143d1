package dev.secondlook.core.scorecard;

import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.stats.Interval;
import dev.secondlook.core.stats.RateEstimate;

import java.util.Locale;

/** The scorecard as plain text for a terminal: the headline, then one section per part. */
public final class ScorecardText {

    private ScorecardText() {
    }

    /** One line: the overall rate, its interval, and what it rests on. */
    public static String headline(Scorecard s) {
        RateEstimate e = s.overall();
        Scorecard.Funnel f = s.funnel();
        if (e.rate() == null) {
            return String.format(Locale.ROOT, "off-policy rate: no estimate yet (%,d judged, %,d selected, none "
                    + "reviewed)", f.judged(), f.selected());
        }
        return String.format(Locale.ROOT, "off-policy rate: %s (95 %% CI %s to %s) of %,d judged records, from %,d "
                + "reviews (%,d pending)", pct(e.rate()), pct(e.lower()), pct(e.upper()), e.population(),
                e.reviewed(), e.pending());
    }

    public static String render(Scorecard s) {
        StringBuilder out = new StringBuilder();
        out.append("secondlook scorecard ").append(Timestamps.format(s.since())).append(" to ")
                .append(Timestamps.format(s.until())).append('\n');
        out.append(headline(s)).append('\n');
        Scorecard.Funnel f = s.funnel();
        out.append(String.format(Locale.ROOT, "funnel: read %,d -> judged %,d -> selected %,d -> reviewed %,d -> "
                + "off-policy %,d%n", f.read(), f.judged(), f.selected(), f.reviewed(), f.offPolicy()));
        if (f.notSampleable() > 0 || f.uncounted() > 0) {
            out.append(String.format(Locale.ROOT, "        %,d judged records can never be sampled (outside the "
                    + "estimates); %,d review records had no population count%n", f.notSampleable(), f.uncounted()));
        }
        out.append("\nestimates\n");
        out.append(String.format(Locale.ROOT, "  %-24s %-24s %-20s %9s  %-21s %8s %10s%n", "category", "model",
                "route", "rate", "95 % CI", "reviewed", "population"));
        for (Scorecard.Row r : s.estimates()) {
            RateEstimate e = r.estimate();
            out.append(String.format(Locale.ROOT, "  %-24s %-24s %-20s %9s  %-21s %,8d %,10d%n", clip(r.category()),
                    clip(r.model() == null ? "*" : r.model()), clip(r.route() == null ? "*" : r.route()),
                    e.rate() == null ? "-" : pct(e.rate()), pct(e.lower()) + " to " + pct(e.upper()), e.reviewed(),
                    e.population()));
        }
        if (!s.rules().isEmpty()) {
            out.append("\nrules (precision: share of reviewed hits judged off-policy)\n");
            for (Scorecard.RuleRow r : s.rules()) {
                out.append(String.format(Locale.ROOT, "  %-32s hits %,6d  reviewed %,6d  precision %s%n",
                        clip(r.rule()), r.hits(), r.reviewed(), interval(r.precision())));
            }
        }
        out.append("\nrule recall (share of off-policy records a rule flagged): ").append(interval(s.ruleRecall()))
                .append('\n');
        Scorecard.AgreementSummary a = s.agreement();
        out.append(String.format(Locale.ROOT, "agreement: %,d double-reviewed, %,d disagreements, kappa %s%n",
                a.doubleReviewed(), a.disagreements(), kappa(a.kappa())));
        Scorecard.Sla sla = s.sla();
        out.append(String.format(Locale.ROOT, "sla: %,d of %,d reviews within their SLA%s; %,d open past due%n",
                sla.withinSla(), sla.reviewed(), sla.compliance() == null ? "" : " (" + pct(sla.compliance()) + ")",
                sla.openOverdue()));
        for (Scorecard.TargetCheck t : s.targets()) {
            out.append(String.format(Locale.ROOT, "target %s: %s, estimate %s%s%n", clip(t.category()),
                    pct(t.target()), t.estimate().rate() == null ? "-" : pct(t.estimate().rate()) + " ("
                            + pct(t.estimate().lower()) + " to " + pct(t.estimate().upper()) + ")",
                    t.breached() ? "  ABOVE TARGET" : ""));
        }
        return out.toString();
    }

    static String pct(double v) {
        double p = v * 100;
        if (p < 0.0005) {
            return "0 %";
        }
        return String.format(Locale.ROOT, p < 0.1 ? "%.3f %%" : p < 10 ? "%.2f %%" : "%.1f %%", p);
    }

    private static String interval(Interval i) {
        return i.value() == null ? "- (nothing reviewed)" : pct(i.value()) + " (" + pct(i.lower()) + " to "
                + pct(i.upper()) + ")";
    }

    private static String kappa(Interval i) {
        return i.value() == null ? "-" : String.format(Locale.ROOT, "%.2f (%.2f to %.2f)", i.value(), i.lower(),
                i.upper());
    }

    /** Labels come from logs: printable, and at most 40 characters in a column. */
    static String clip(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(40).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
