package dev.secondlook.core.incident;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules file's {@code incidents} section: how bad an off-policy output that reached a customer is, per
 * category, what to do first, and how soon a lead must acknowledge it.
 *
 * <pre>
 * incidents:
 *   ackSlaMinutes: {sev1: 15, sev2: 60, sev3: 1440}
 *   categories:
 *     secret-leak: {severity: sev1, action: "Rotate the credential and check where it was used."}
 *     commitment:  {severity: sev2, action: "Contact the customer and correct the promise."}
 *   default: {severity: sev3, action: "Check whether the customer needs a correction."}
 * </pre>
 *
 * An output labelled with several categories takes the most severe one's terms. A rules file without the section
 * gets {@link #defaults()}. Immutable.
 */
public final class IncidentPolicy {

    /** The most an acknowledgement SLA may be: a week. */
    static final long MAX_SLA_MINUTES = 7 * 24 * 60;
    static final int MAX_ACTION_CHARS = 500;

    private static final Set<String> KEYS = Set.of("ackSlaMinutes", "categories", "default");
    private static final Set<String> TERM_KEYS = Set.of("severity", "action");

    /**
     * What an incident of some category gets.
     *
     * @param severity its severity
     * @param action   the first thing to do, shown on the incident and in its page
     */
    public record Terms(IncidentSeverity severity, String action) {
    }

    private final Map<String, Terms> byCategory;
    private final Terms fallback;
    private final Map<IncidentSeverity, Duration> ackSla;

    private IncidentPolicy(Map<String, Terms> byCategory, Terms fallback, Map<IncidentSeverity, Duration> ackSla) {
        this.byCategory = Map.copyOf(byCategory);
        this.fallback = fallback;
        this.ackSla = Map.copyOf(ackSla);
    }

    /** secret-leak sev1 (rotate), commitment and pii-exposure sev2, everything else sev3; SLAs 15 min, 1 h, 1 day. */
    public static IncidentPolicy defaults() {
        Map<String, Terms> m = new LinkedHashMap<>();
        m.put("secret-leak", new Terms(IncidentSeverity.SEV1, "Rotate the credential and check where it was used."));
        m.put("commitment", new Terms(IncidentSeverity.SEV2, "Contact the customer and correct what was promised."));
        m.put("pii-exposure", new Terms(IncidentSeverity.SEV2, "Tell the data owner; assess whether it is a breach."));
        return new IncidentPolicy(m, new Terms(IncidentSeverity.SEV3,
                "Check whether the customer needs a correction."), defaultSla());
    }

    private static Map<IncidentSeverity, Duration> defaultSla() {
        Map<IncidentSeverity, Duration> sla = new EnumMap<>(IncidentSeverity.class);
        sla.put(IncidentSeverity.SEV1, Duration.ofMinutes(15));
        sla.put(IncidentSeverity.SEV2, Duration.ofMinutes(60));
        sla.put(IncidentSeverity.SEV3, Duration.ofDays(1));
        return sla;
    }

    /**
     * Compiles the section; null (no section) gives {@link #defaults()}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static IncidentPolicy compile(JsonNode node) {
        if (node == null || node.isNull()) {
            return defaults();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("incidents must be a mapping");
        }
        checkKeys(node, KEYS, "incidents");
        Map<IncidentSeverity, Duration> sla = defaultSla();
        JsonNode s = node.get("ackSlaMinutes");
        if (s != null) {
            if (!s.isObject()) {
                throw new IllegalArgumentException("incidents.ackSlaMinutes must map sev1/sev2/sev3 to minutes");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                var e = it.next();
                IncidentSeverity sev = IncidentSeverity.fromWire(e.getKey());
                if (!e.getValue().canConvertToLong() || e.getValue().asLong() < 1
                        || e.getValue().asLong() > MAX_SLA_MINUTES) {
                    throw new IllegalArgumentException("incidents.ackSlaMinutes." + e.getKey()
                            + " must be a whole number of minutes from 1 to " + MAX_SLA_MINUTES);
                }
                sla.put(sev, Duration.ofMinutes(e.getValue().asLong()));
            }
        }
        IncidentPolicy d = defaults();
        Map<String, Terms> byCategory = new LinkedHashMap<>();
        JsonNode c = node.get("categories");
        if (c != null) {
            if (!c.isObject()) {
                throw new IllegalArgumentException("incidents.categories must map a category to its terms");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                var e = it.next();
                byCategory.put(e.getKey(), terms(e.getValue(), "incidents.categories." + e.getKey()));
            }
        } else {
            byCategory.putAll(d.byCategory);
        }
        Terms fallback = node.has("default") ? terms(node.get("default"), "incidents.default") : d.fallback;
        return new IncidentPolicy(byCategory, fallback, sla);
    }

    private static Terms terms(JsonNode n, String where) {
        if (n.isTextual()) {
            return new Terms(IncidentSeverity.fromWire(n.asText()), "");
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(where + " must be a severity or {severity, action}");
        }
        checkKeys(n, TERM_KEYS, where);
        if (!n.hasNonNull("severity")) {
            throw new IllegalArgumentException(where + ".severity is required");
        }
        String action = n.path("action").asText("");
        if (action.length() > MAX_ACTION_CHARS) {
            throw new IllegalArgumentException(where + ".action is longer than " + MAX_ACTION_CHARS + " characters");
        }
        return new Terms(IncidentSeverity.fromWire(n.get("severity").asText()), action);
    }

    private static void checkKeys(JsonNode n, Set<String> allowed, String where) {
        List<String> unknown = new ArrayList<>();
        n.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                unknown.add(k);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(where + ": unknown key(s) " + unknown + "; allowed: "
                    + allowed.stream().sorted().toList());
        }
    }

    /** The terms of an output labelled with these categories: the most severe category's, else the default's. */
    public Terms termsFor(List<String> categories) {
        Terms best = null;
        for (String category : categories) {
            Terms t = byCategory.get(category);
            if (t != null && (best == null || t.severity().compareTo(best.severity()) < 0)) {
                best = t;
            }
        }
        return best == null ? fallback : best;
    }

    /** How long a lead has to acknowledge an incident of this severity. */
    public Duration ackSla(IncidentSeverity severity) {
        return ackSla.get(severity);
    }
}
