package dev.secondlook.core.scorecard;

import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.stats.Interval;
import dev.secondlook.core.stats.RateEstimate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scorecard as one self-contained HTML page: inline CSS and SVG, no script, no external resource. Every label
 * (categories, models, routes and rule ids come from logs and policies) is escaped as text.
 */
public final class ScorecardHtml {

    private static final String[] COLOURS = {"#1f5fa8", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0e7490",
            "#a16207"};

    private ScorecardHtml() {
    }

    public static String render(Scorecard s) {
        return render(s, null);
    }

    /** The page, with the incidents' exposure section when there is one. */
    public static String render(Scorecard s, ExposureSection exposure) {
        StringBuilder h = new StringBuilder(32_768);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
                        + "'unsafe-inline'\">")
                .append("<title>secondlook scorecard</title><style>")
                .append("body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;"
                        + "max-width:1060px;color:#1c1c1c;padding:0 1em}")
                .append("h1{font-size:22px;margin:0}h2{font-size:17px;margin:2em 0 .5em;border-bottom:1px solid "
                        + "#ddd;padding-bottom:.2em}")
                .append(".muted{color:#666}.big{font-size:34px;font-weight:600}.ci{color:#444;font-size:16px}")
                .append("table{border-collapse:collapse;width:100%}td,th{padding:3px 8px;text-align:left;"
                        + "border-bottom:1px solid #eee;vertical-align:middle}th{font-weight:600;background:#f7f7f7}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}.warn{color:#b91c1c;"
                        + "font-weight:600}.grid{display:flex;flex-wrap:wrap;gap:16px}.card{border:1px solid #e5e5e5;"
                        + "border-radius:6px;padding:8px 10px}")
                .append("</style></head><body>\n");
        RateEstimate overall = s.overall();
        h.append("<h1>secondlook scorecard</h1><p class=\"muted\">").append(esc(Timestamps.format(s.since())))
                .append(" to ").append(esc(Timestamps.format(s.until()))).append(" &middot; generated ")
                .append(esc(Timestamps.format(s.generatedAt()))).append("</p>\n");
        h.append("<p><span class=\"big\">").append(overall.rate() == null ? "no estimate" : pct(overall.rate()))
                .append("</span> <span class=\"ci\">off-policy, 95 % interval ").append(pct(overall.lower()))
                .append(" to ").append(pct(overall.upper())).append("</span><br><span class=\"muted\">")
                .append(esc(ScorecardText.headline(s))).append("</span></p>\n");
        funnel(h, s.funnel());
        estimates(h, s);
        series(h, s);
        rules(h, s);
        agreement(h, s.agreement());
        sla(h, s.sla());
        if (exposure != null) {
            h.append(exposure.html());
        }
        h.append("<h2>Method</h2><p class=\"muted\">Rates are estimated over the strata of equal inclusion "
                + "probability (flagged by a rule or sampled at a rate), weighted by each stratum's judged records "
                + "as counted at ingest; selected records not yet reviewed are treated as missing at random within "
                + "their stratum. Intervals are Korn-Graubard Clopper-Pearson intervals with an effective sample "
                + "size capped by Kish's. STATISTICS.md gives the method and its coverage simulation.</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void funnel(StringBuilder h, Scorecard.Funnel f) {
        h.append("<h2>Funnel</h2>");
        long[] values = {f.read(), f.judged(), f.selected(), f.reviewed(), f.offPolicy()};
        String[] labels = {"read", "judged", "selected", "reviewed", "off-policy"};
        double max = Math.max(1, values[0]);
        int width = 700;
        h.append(svgOpen(width + 260, 5 * 28 + 10, "funnel: read, judged, selected, reviewed, off-policy"));
        for (int i = 0; i < 5; i++) {
            // square-root scale: the sample is a small share of what was read, and should still show
            double w = Math.max(2, width * Math.sqrt(values[i] / max));
            int y = 5 + i * 28;
            h.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"13\">%s</text>", y + 16,
                    labels[i]));
            h.append(String.format(Locale.ROOT, "<rect x=\"90\" y=\"%d\" width=\"%.1f\" height=\"20\" "
                    + "fill=\"%s\"/>", y, w, i == 4 ? "#b91c1c" : "#1f5fa8"));
            h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"13\">%,d</text>",
                    96 + w, y + 15, values[i]));
        }
        h.append("</svg>");
        h.append(String.format(Locale.ROOT, "<p class=\"muted\">%,d selected records wait for a verdict; %,d "
                + "judged records can never be sampled (outside the estimates); %,d review records had no population "
                + "count. Bar widths are on a square-root scale.</p>%n", f.pending(), f.notSampleable(),
                f.uncounted()));
    }

    private static void estimates(StringBuilder h, Scorecard s) {
        h.append("<h2>Off-policy rates</h2><table><tr><th>category</th><th>model</th><th>route</th>"
                + "<th>policy</th><th>rate</th><th>95 % interval</th><th></th><th>reviewed</th><th>population</th>"
                + "</tr>\n");
        double axis = 0;
        for (Scorecard.Row r : s.estimates()) {
            if (r.estimate().rate() != null) {
                axis = Math.max(axis, r.estimate().upper());
            }
        }
        axis = niceMax(axis);
        for (Scorecard.Row r : s.estimates()) {
            RateEstimate e = r.estimate();
            h.append("<tr><td>").append(esc(r.category())).append("</td><td>").append(esc(dash(r.model())))
                    .append("</td><td>").append(esc(dash(r.route()))).append("</td><td>")
                    .append(esc(shortVersion(r.policyVersion()))).append("</td><td class=\"n\">")
                    .append(e.rate() == null ? "&ndash;" : pct(e.rate())).append("</td><td class=\"n\">")
                    .append(pct(e.lower())).append(" to ").append(pct(e.upper())).append("</td><td>")
                    .append(forest(e.rate(), e.lower(), e.upper(), axis)).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", e.reviewed())).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", e.population())).append("</td></tr>\n");
        }
        h.append("</table><p class=\"muted\">Interval bars share one axis from 0 to ").append(pct(axis))
                .append(".</p>\n");
        if (!s.targets().isEmpty()) {
            h.append("<table><tr><th>target</th><th>category</th><th>estimate</th><th></th></tr>");
            for (Scorecard.TargetCheck t : s.targets()) {
                RateEstimate e = t.estimate();
                h.append("<tr><td class=\"n\">").append(pct(t.target())).append("</td><td>")
                        .append(esc(t.category())).append("</td><td>")
                        .append(e.rate() == null ? "&ndash;" : pct(e.rate()) + " (" + pct(e.lower()) + " to "
                                + pct(e.upper()) + ")").append("</td><td")
                        .append(t.breached() ? " class=\"warn\">above target" : ">")
                        .append("</td></tr>");
            }
            h.append("</table>\n");
        }
    }

    private static void series(StringBuilder h, Scorecard s) {
        if (s.series().isEmpty()) {
            return;
        }
        h.append("<h2>Rates over time</h2><p class=\"muted\">Each chart: the estimate (line) and its 95 % "
                + "interval (band) per time bucket.</p><div class=\"grid\">\n");
        Map<String, List<Scorecard.SeriesPoint>> byCategory = new LinkedHashMap<>();
        for (Scorecard.SeriesPoint p : s.series()) {
            byCategory.computeIfAbsent(p.category(), k -> new ArrayList<>()).add(p);
        }
        int colour = 0;
        for (Map.Entry<String, List<Scorecard.SeriesPoint>> e : byCategory.entrySet()) {
            h.append("<div class=\"card\"><b>").append(esc(e.getKey())).append("</b><br>");
            chart(h, e.getValue(), s.since(), s.until(), COLOURS[colour++ % COLOURS.length]);
            h.append("</div>\n");
        }
        h.append("</div>\n");
    }

    private static void chart(StringBuilder h, List<Scorecard.SeriesPoint> points, Instant since, Instant until,
                              String colour) {
        int w = 320;
        int ht = 150;
        int left = 46;
        int bottom = 20;
        double max = 0;
        for (Scorecard.SeriesPoint p : points) {
            if (p.estimate().rate() != null) {
                max = Math.max(max, p.estimate().upper());
            }
        }
        max = niceMax(max);
        double span = Math.max(1, until.toEpochMilli() - since.toEpochMilli());
        h.append(svgOpen(w, ht, "rate over time with its 95 % interval"));
        h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                left, ht - bottom, w - 4, ht - bottom));
        h.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"12\" font-size=\"10\">%s</text>", pct(max)));
        h.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"10\">0</text>", ht - bottom));
        StringBuilder upper = new StringBuilder();
        StringBuilder lower = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (Scorecard.SeriesPoint p : points) {
            RateEstimate e = p.estimate();
            if (e.rate() == null) {
                continue;
            }
            double mid = (p.start().toEpochMilli() + p.end().toEpochMilli()) / 2.0 - since.toEpochMilli();
            double x = left + (w - 4 - left) * Math.min(1, Math.max(0, mid / span));
            upper.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y(e.upper(), max, ht, bottom)));
            lower.insert(0, String.format(Locale.ROOT, "%.1f,%.1f ", x, y(e.lower(), max, ht, bottom)));
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y(e.rate(), max, ht, bottom)));
            // an error bar per bucket too: a sparse series has no band to speak of
            h.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    + "stroke=\"%s\" stroke-opacity=\"0.5\"/>", x, y(e.lower(), max, ht, bottom), x,
                    y(e.upper(), max, ht, bottom), colour));
            h.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>", x,
                    y(e.rate(), max, ht, bottom), colour));
        }
        if (!line.isEmpty()) {
            h.append("<polygon points=\"").append(upper).append(lower).append("\" fill=\"").append(colour)
                    .append("\" fill-opacity=\"0.18\" stroke=\"none\"/>");
            h.append("<polyline points=\"").append(line).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"1.5\"/>");
        }
        h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>", left, ht - 4,
                esc(Timestamps.format(since).substring(0, 16))));
        h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s"
                + "</text>", w - 4, ht - 4, esc(Timestamps.format(until).substring(0, 16))));
        h.append("</svg>");
    }

    private static double y(double v, double max, int ht, int bottom) {
        return (ht - bottom) - (ht - bottom - 14) * Math.min(1, v / max);
    }

    private static void rules(StringBuilder h, Scorecard s) {
        h.append("<h2>What the rules catch</h2>");
        Interval recall = s.ruleRecall();
        h.append("<p>Rule recall (share of all off-policy records a review or page rule flagged, from the random "
                + "sample): <b>").append(recall.value() == null ? "no estimate" : pct(recall.value()))
                .append("</b> (95 % interval ").append(pct(recall.lower())).append(" to ").append(pct(recall.upper()))
                .append(")</p>\n");
        if (s.rules().isEmpty()) {
            h.append("<p class=\"muted\">No rule fired on a selected record in this window.</p>");
            return;
        }
        h.append("<table><tr><th>rule</th><th>hits</th><th>reviewed</th><th>precision</th><th>95 % interval</th>"
                + "<th></th></tr>\n");
        for (Scorecard.RuleRow r : s.rules()) {
            Interval p = r.precision();
            h.append("<tr><td>").append(esc(r.rule())).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", r.hits())).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", r.reviewed())).append("</td><td class=\"n\">")
                    .append(p.value() == null ? "&ndash;" : pct(p.value())).append("</td><td class=\"n\">")
                    .append(pct(p.lower())).append(" to ").append(pct(p.upper())).append("</td><td>")
                    .append(forest(p.value(), p.lower(), p.upper(), 1)).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void agreement(StringBuilder h, Scorecard.AgreementSummary a) {
        h.append("<h2>Reviewer agreement</h2>");
        if (a.doubleReviewed() == 0) {
            h.append("<p class=\"muted\">No record was reviewed independently twice in this window.</p>");
        } else {
            Interval k = a.kappa();
            h.append(String.format(Locale.ROOT, "<p>%,d records reviewed twice, %,d disagreements (adjudicated by a "
                    + "lead). Cohen's kappa <b>%s</b> (95 %% interval %.2f to %.2f)</p>", a.doubleReviewed(),
                    a.disagreements(), k.value() == null ? "&ndash;" : String.format(Locale.ROOT, "%.2f", k.value()),
                    k.lower(), k.upper()));
            if (!a.byCategory().isEmpty()) {
                h.append("<table><tr><th>category</th><th>kappa</th><th>95 % interval</th></tr>");
                for (Scorecard.CategoryKappa c : a.byCategory()) {
                    h.append("<tr><td>").append(esc(c.category())).append("</td><td class=\"n\">")
                            .append(c.kappa().value() == null ? "&ndash;"
                                    : String.format(Locale.ROOT, "%.2f", c.kappa().value()))
                            .append(String.format(Locale.ROOT, "</td><td class=\"n\">%.2f to %.2f</td></tr>",
                                    c.kappa().lower(), c.kappa().upper()));
                }
                h.append("</table>");
            }
        }
        if (!a.reviewers().isEmpty()) {
            h.append("<table><tr><th>reviewer</th><th>verdicts</th><th>double-reviewed</th><th>agreed</th></tr>");
            for (Scorecard.ReviewerStats r : a.reviewers()) {
                h.append("<tr><td>").append(esc(r.reviewer())).append(String.format(Locale.ROOT,
                        "</td><td class=\"n\">%,d</td><td class=\"n\">%,d</td><td class=\"n\">%,d</td></tr>",
                        r.verdicts(), r.doubleReviewed(), r.agreed()));
            }
            h.append("</table>\n");
        }
    }

    private static void sla(StringBuilder h, Scorecard.Sla sla) {
        h.append("<h2>Review SLA</h2>");
        Double c = sla.compliance();
        h.append(String.format(Locale.ROOT, "<p>%,d of %,d reviews within their SLA%s; %,d open past due.</p>",
                sla.withinSla(), sla.reviewed(), c == null ? "" : " (" + pct(c) + ")", sla.openOverdue()));
        if (c != null) {
            h.append(svgOpen(404, 24, "SLA compliance"));
            h.append("<rect x=\"2\" y=\"2\" width=\"400\" height=\"18\" fill=\"#eee\"/>");
            h.append(String.format(Locale.ROOT, "<rect x=\"2\" y=\"2\" width=\"%.1f\" height=\"18\" "
                    + "fill=\"#15803d\"/>", 400 * c));
            h.append("</svg>\n");
        }
    }

    private static String forest(Double value, double lower, double upper, double axis) {
        int w = 160;
        double scale = (w - 8) / Math.max(axis, 1e-12);
        StringBuilder b = new StringBuilder(svgOpen(w, 14, "interval"));
        b.append(String.format(Locale.ROOT, "<line x1=\"4\" y1=\"7\" x2=\"%d\" y2=\"7\" stroke=\"#eee\"/>", w - 4));
        b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"7\" x2=\"%.1f\" y2=\"7\" stroke=\"#1f5fa8\" "
                + "stroke-width=\"3\"/>", 4 + scale * Math.min(lower, axis), 4 + scale * Math.min(upper, axis)));
        if (value != null) {
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"7\" r=\"3.5\" fill=\"#111\"/>",
                    4 + scale * Math.min(value, axis)));
        }
        return b.append("</svg>").toString();
    }

    private static String svgOpen(int w, int h, String label) {
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", w, h, w, h, esc(label));
    }

    private static double niceMax(double v) {
        if (v <= 0) {
            return 0.01;
        }
        double[] steps = {1, 2, 2.5, 5, 10};
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double s : steps) {
            if (s * magnitude >= v) {
                return Math.min(1, s * magnitude);
            }
        }
        return Math.min(1, 10 * magnitude);
    }

    private static String pct(double v) {
        return esc(ScorecardText.pct(v));
    }

    private static String dash(String v) {
        return v == null ? "all" : v.isEmpty() ? "(none)" : v;
    }

    private static String shortVersion(String v) {
        if (v == null) {
            return "all";
        }
        return v.length() > 19 ? v.substring(0, 19) + "..." : v;
    }

    /** HTML text escape (the labels are attacker-controlled). */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (Character.isISOControl(c)) {
                        b.append('?');
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.toString();
    }
}
