package dev.secondlook.core.scorecard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.core.incident.ExposureWindows;

import java.util.List;
import java.util.Locale;

/**
 * The scorecard's incident section: who saw an off-policy output that reached a customer, and how fast (the
 * exposure window), per lane and severity, as {@link ExposureWindows} measures it over the incidents opened in the
 * window. Labels, counts and seconds only.
 *
 * @param incidents incidents opened in the window
 * @param rows      the overall row first, then one per lane and severity
 */
public record ExposureSection(int incidents, List<ExposureWindows.Row> rows) {

    private static final String[][] STEPS = {{"first look", "toFirstLook"}, {"verdict", "toVerdict"},
        {"acknowledged", "toAcknowledged"}, {"mitigated", "toMitigated"}};

    public ExposureSection {
        rows = List.copyOf(rows);
    }

    /** The {@code incidents} member of the scorecard's JSON. */
    public ObjectNode json(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode().put("incidents", incidents);
        n.set("exposure", mapper.valueToTree(rows));
        return n;
    }

    /** Lines for the text report. */
    public String text() {
        StringBuilder b = new StringBuilder("\nIncidents opened in the window: " + incidents
                + " (seconds from delivery, p50 / p95, n)\n");
        for (ExposureWindows.Row r : rows) {
            b.append(String.format(Locale.ROOT, "  %-9s %-5s", r.lane(), r.severity()));
            for (String[] step : STEPS) {
                b.append(String.format(Locale.ROOT, "  %s %s", step[0], cell(step(r, step[1]))));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The HTML section. */
    public String html() {
        StringBuilder h = new StringBuilder("<h2>Incidents: the exposure window</h2><p class=\"muted\">")
                .append(incidents).append(" incidents opened in the window (off-policy outputs a customer had "
                        + "received); seconds from delivery to each step, p50 / p95 (n).</p>\n<table><tr><th>lane</th>"
                        + "<th>severity</th>");
        for (String[] step : STEPS) {
            h.append("<th>").append(step[0]).append("</th>");
        }
        h.append("</tr>\n");
        for (ExposureWindows.Row r : rows) {
            h.append("<tr><td>").append(ScorecardHtml.esc(r.lane())).append("</td><td>")
                    .append(ScorecardHtml.esc(r.severity())).append("</td>");
            for (String[] step : STEPS) {
                h.append("<td class=\"n\">").append(ScorecardHtml.esc(cell(step(r, step[1])))).append("</td>");
            }
            h.append("</tr>\n");
        }
        return h.append("</table>\n").toString();
    }

    private static ExposureWindows.Step step(ExposureWindows.Row r, String name) {
        return switch (name) {
            case "toFirstLook" -> r.toFirstLook();
            case "toVerdict" -> r.toVerdict();
            case "toAcknowledged" -> r.toAcknowledged();
            default -> r.toMitigated();
        };
    }

    private static String cell(ExposureWindows.Step s) {
        return s.n() == 0 ? "-" : s.p50() + " / " + s.p95() + " (" + s.n() + ")";
    }
}
