package dev.secondlook.core.incident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A page about an incident (schema {@code contracts/incident-page.v1.schema.json}): labels, ids and times only,
 * never model text. Its id is stable per incident and kind, so a subscriber can drop a repeated delivery.
 *
 * @param kind {@code incident-opened} or {@code incident-unacknowledged}
 */
public record IncidentPage(String schema, String pageId, String kind, String incidentId, IncidentSeverity severity,
                           List<String> categories, String firstAction, String reviewId, String route,
                           String modelId, String openedAt, String ackDueAt, String raisedAt) {

    public static final String SCHEMA = "secondlook.incident-page/v1";
    public static final String OPENED = "incident-opened";
    public static final String UNACKNOWLEDGED = "incident-unacknowledged";

    public IncidentPage {
        categories = List.copyOf(categories);
    }

    public static IncidentPage of(String kind, Incident i, String raisedAt) {
        return new IncidentPage(SCHEMA, pageId(i.incidentId(), kind), kind, i.incidentId(), i.severity(),
                i.categories(), i.firstAction(), i.source().reviewId(), i.source().route(), i.source().modelId(),
                i.times().openedAt(), i.ackDueAt(), raisedAt);
    }

    /** {@code page-} and the first 32 hex digits of SHA-256(incidentId, kind). */
    static String pageId(String incidentId, String kind) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((incidentId + "\u0000" + kind)
                    .getBytes(StandardCharsets.UTF_8));
            return "page-" + HexFormat.of().formatHex(d).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
