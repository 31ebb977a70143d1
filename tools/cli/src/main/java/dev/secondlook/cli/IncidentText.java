package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Incidents as a lead reads them in a terminal; every value passes {@link ReviewText#safe}. */
final class IncidentText {

    private static final String[][] STEPS = {{"toFirstLook", "first look"}, {"toVerdict", "verdict"},
        {"toAcknowledged", "acknowledged"}, {"toMitigated", "mitigated"}};

    private IncidentText() {
    }

    static String list(JsonNode n) {
        if (n.path("items").isEmpty()) {
            return "no incidents";
        }
        StringBuilder b = new StringBuilder(String.format("%-44s %-5s %-13s %-25s %s%n", "INCIDENT", "SEV",
                "STATE", "OPENED", "CATEGORIES"));
        for (JsonNode i : n.path("items")) {
            b.append(String.format("%-44s %-5s %-13s %-25s %s%n", s(i, "incidentId"), s(i, "severity"),
                    s(i, "state"), s(i.path("times"), "openedAt"), join(i.path("categories"))));
        }
        return b.toString().stripTrailing();
    }

    static String incident(JsonNode i) {
        StringBuilder b = new StringBuilder();
        b.append(s(i, "incidentId")).append("  ").append(s(i, "severity")).append("  ").append(s(i, "state"))
                .append("  ").append(join(i.path("categories"))).append('\n');
        b.append("first action: ").append(s(i, "firstAction")).append('\n');
        JsonNode src = i.path("source");
        b.append("review ").append(s(src, "reviewId")).append(", route ").append(s(src, "route")).append(", model ")
                .append(s(src, "modelId")).append(", lane ").append(s(src, "lane")).append('\n');
        b.append("opened by ").append(s(i, "openedBy")).append(", owner ")
                .append(i.hasNonNull("owner") ? s(i, "owner") : "(none yet; ack due " + s(i, "ackDueAt") + ")")
                .append('\n');
        JsonNode t = i.path("times");
        for (String[] f : new String[][]{{"deliveredAt", "delivered"}, {"firstLookAt", "first look"},
            {"verdictAt", "verdict"}, {"openedAt", "opened"}, {"acknowledgedAt", "acknowledged"},
            {"mitigatedAt", "mitigated"}, {"resolvedAt", "resolved"}}) {
            if (t.hasNonNull(f[0])) {
                b.append(String.format("  %-13s %s%n", f[1], s(t, f[0])));
            }
        }
        if (i.hasNonNull("fix")) {
            JsonNode f = i.path("fix");
            b.append("fix: model ").append(orDash(f, "modelId")).append(", prompt ").append(orDash(f, "promptVersion"))
                    .append(", policy ").append(orDash(f, "policyVersion")).append('\n');
        }
        if (i.hasNonNull("resolution")) {
            JsonNode r = i.path("resolution");
            b.append("resolution: ").append(s(r, "kind"))
                    .append(r.hasNonNull("runId") ? " (re-run " + s(r, "runId") + ")" : "")
                    .append(r.hasNonNull("reason") ? ": " + s(r, "reason") : "").append('\n');
        }
        b.append("audit trail:\n");
        for (JsonNode a : i.path("audit")) {
            b.append(String.format("  %s  %-13s %-40s %s%n", s(a, "at"), s(a, "event"), s(a, "by"), s(a, "detail")));
        }
        return b.toString().stripTrailing();
    }

    static String exposure(JsonNode n) {
        StringBuilder b = new StringBuilder(n.path("incidents").asInt() + " incidents; seconds from delivery, "
                + "p50 / p95 (n)\n");
        b.append(String.format("%-9s %-5s %-22s %-22s %-22s %-22s%n", "LANE", "SEV", "first look", "verdict",
                "acknowledged", "mitigated"));
        for (JsonNode row : n.path("rows")) {
            StringBuilder line = new StringBuilder(String.format("%-9s %-5s", s(row, "lane"), s(row, "severity")));
            for (String[] step : STEPS) {
                JsonNode st = row.path(step[0]);
                String cell = st.path("n").asInt() == 0 ? "-" : st.path("p50").asLong() + " / "
                        + st.path("p95").asLong() + " (" + st.path("n").asInt() + ")";
                line.append(String.format(" %-22s", cell));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString().stripTrailing();
    }

    private static String s(JsonNode n, String field) {
        return ReviewText.safe(n.path(field).asText(""));
    }

    private static String orDash(JsonNode n, String field) {
        return n.hasNonNull(field) ? s(n, field) : "-";
    }

    private static String join(JsonNode array) {
        StringBuilder b = new StringBuilder();
        array.forEach(c -> b.append(b.length() == 0 ? "" : ", ").append(ReviewText.safe(c.asText())));
        return b.toString();
    }
}
