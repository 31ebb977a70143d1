package dev.secondlook.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.core.incident.ExposureWindows;
import dev.secondlook.core.incident.Incident;
import dev.secondlook.core.incident.IncidentState;
import dev.secondlook.core.incident.IncidentWorkflow;
import dev.secondlook.core.review.ForbiddenException;
import dev.secondlook.core.review.InvalidRequestException;
import dev.secondlook.core.review.Reviewer;

import java.util.List;
import java.util.Map;

/**
 * The incident routes of the review API (each incident as the contract {@code incident.v1} says; a listing is
 * {@code {"schema": "secondlook.incident-list/v1", "items": [incident.v1...]}}):
 * {@code GET /incidents?state=&limit=} (a lead's: all; a reviewer's: those their verdicts opened),
 * {@code GET /incidents/exposure} (leads: the exposure-window figures), {@code GET /incidents/{id}},
 * {@code POST /incidents/{id}/ack}, {@code POST /incidents/{id}/actions}
 * ({@code {"actionId", "kind", "note", "fix": {"modelId", "promptVersion", "policyVersion", "description"}}}) and
 * {@code POST /incidents/{id}/resolve} ({@code {"runId"}} or {@code {"wontFix": reason}}). Changes are for leads.
 */
final class IncidentRoutes {

    static final String LIST_SCHEMA = "secondlook.incident-list/v1";
    private static final int EXPOSURE_SAMPLE = 1_000;

    private final IncidentWorkflow incidents;
    private final ObjectMapper mapper;

    IncidentRoutes(IncidentWorkflow incidents, ObjectMapper mapper) {
        this.incidents = incidents;
        this.mapper = mapper;
    }

    /** The answer to a request under {@code /incidents} ({@code parts} starts with {@code incidents}), or null. */
    JsonNode route(String method, List<String> parts, Map<String, String> query, JsonNode body, Reviewer who) {
        if (parts.size() == 1 && method.equals("GET")) {
            IncidentState state = state(query.get("state"));
            int limit = limit(query.getOrDefault("limit", "50"));
            ObjectNode out = mapper.createObjectNode().put("schema", LIST_SCHEMA);
            out.set("items", mapper.valueToTree(incidents.list(who, state, limit)));
            return out;
        }
        if (parts.size() == 2 && method.equals("GET") && parts.get(1).equals("exposure")) {
            if (!who.lead()) {
                throw new ForbiddenException("only a lead may read the exposure figures");
            }
            List<Incident> all = incidents.list(who, null, EXPOSURE_SAMPLE);
            ObjectNode out = mapper.createObjectNode().put("incidents", all.size());
            out.set("rows", mapper.valueToTree(ExposureWindows.of(all)));
            return out;
        }
        if (parts.size() == 2 && method.equals("GET")) {
            return mapper.valueToTree(incidents.show(who, parts.get(1)));
        }
        if (parts.size() == 3 && method.equals("POST")) {
            String id = parts.get(1);
            return switch (parts.get(2)) {
                case "ack" -> mapper.valueToTree(incidents.acknowledge(who, id));
                case "actions" -> mapper.valueToTree(incidents.addAction(who, id, text(body, "actionId"),
                        text(body, "kind"), text(body, "note"), fix(body.get("fix"))));
                case "resolve" -> mapper.valueToTree(incidents.resolve(who, id, text(body, "runId"),
                        text(body, "wontFix")));
                default -> null;
            };
        }
        return null;
    }

    private static Incident.Fix fix(JsonNode f) {
        if (f == null || f.isNull()) {
            return null;
        }
        if (!f.isObject()) {
            throw new InvalidRequestException("fix must be an object");
        }
        return new Incident.Fix(text(f, "modelId"), text(f, "promptVersion"), text(f, "policyVersion"),
                text(f, "description"));
    }

    private static String text(JsonNode n, String field) {
        if (n == null || !n.hasNonNull(field)) {
            return null;
        }
        if (!n.get(field).isTextual()) {
            throw new InvalidRequestException(field + " must be a string");
        }
        return n.get(field).asText();
    }

    private static IncidentState state(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return IncidentState.fromWire(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    private static int limit(String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > 200) {
                throw new InvalidRequestException("limit must be from 1 to 200");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("limit must be a number");
        }
    }
}
