package dev.secondlook.core.incident;

import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.review.ForbiddenException;
import dev.secondlook.core.review.InvalidRequestException;
import dev.secondlook.core.review.Reviewer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Use case, behind the incident API. Leads see every incident and change them; a reviewer sees the incidents their
 * own verdicts opened and changes none. Every change is one audit entry, made with an optimistic lock (a concurrent
 * change makes it read again and redo). Retried requests are safe: acknowledging again as the owner, recording an
 * action with an id already recorded, or resolving again the same way change nothing.
 */
public final class IncidentWorkflow {

    /** The kinds of follow-up action; all but {@code note} and {@code fix} mitigate. */
    public static final List<String> ACTION_KINDS = List.of("customer-contacted", "credential-rotated",
            "correction-sent", "note", "fix");
    static final Set<String> NOT_MITIGATING = Set.of("note", "fix");
    static final int MAX_NOTE_CHARS = 2_000;
    static final int MAX_FIELD_CHARS = 300;
    /** The item must stay well under DynamoDB's 400 KB. */
    static final int MAX_ACTIONS = 100;
    static final int MAX_LIST = 200;
    private static final int ATTEMPTS = 5;

    private final IncidentStore store;
    private final RerunResults reruns;
    private final Clock clock;

    public IncidentWorkflow(IncidentStore store, RerunResults reruns, Clock clock) {
        this.store = store;
        this.reruns = reruns;
        this.clock = clock;
    }

    /** One incident, if the caller may see it. */
    public Incident show(Reviewer who, String incidentId) {
        Incident i = store.get(incidentId).orElseThrow(() -> new IncidentNotFoundException(incidentId));
        if (!who.lead() && !who.id().equals(i.openedBy())) {
            throw new IncidentNotFoundException(incidentId);
        }
        return i;
    }

    /** Newest first: every incident for a lead, a reviewer's own for a reviewer. */
    public List<Incident> list(Reviewer who, IncidentState state, int limit) {
        int n = Math.max(1, Math.min(limit, MAX_LIST));
        return store.list(state, who.lead() ? null : who.id(), n);
    }

    /** A lead takes the incident: it is theirs, and its acknowledgement SLA is met. */
    public Incident acknowledge(Reviewer lead, String incidentId) {
        requireLead(lead, "acknowledge");
        return change(incidentId, i -> {
            if (i.state() != IncidentState.OPEN) {
                if (lead.id().equals(i.owner())) {
                    return i;
                }
                throw new IncidentConflictException("incident " + incidentId + " is " + i.state().wireName()
                        + (i.owner() == null ? "" : ", owned by " + i.owner()));
            }
            String at = now();
            Incident.Times t = i.times();
            return with(i, IncidentState.ACKNOWLEDGED, lead.id(), new Incident.Times(t.deliveredAt(), t.firstLookAt(),
                    t.verdictAt(), t.openedAt(), at, t.mitigatedAt(), t.resolvedAt()), i.fix(), i.resolution(),
                    i.actions(), audit(i, at, lead.id(), "acknowledged", "owner " + lead.id()), i.pagedAt(),
                    i.ackRepagedAt());
        });
    }

    /**
     * Records a follow-up action. The first mitigating one (customer contacted, credential rotated, correction sent)
     * makes the incident mitigated; {@code fix} names the change its re-run must pass on.
     *
     * @param actionId the caller's id for this action; a second request with it records nothing more
     */
    public Incident addAction(Reviewer lead, String incidentId, String actionId, String kind, String note,
                              Incident.Fix fix) {
        requireLead(lead, "record actions on");
        if (actionId == null || actionId.isBlank() || actionId.length() > 100) {
            throw new InvalidRequestException("actionId is required (1 to 100 characters; a retried request reuses it)");
        }
        if (!ACTION_KINDS.contains(kind)) {
            throw new InvalidRequestException("kind must be one of " + ACTION_KINDS);
        }
        checkText("note", note, MAX_NOTE_CHARS);
        if ("fix".equals(kind)) {
            if (fix == null || (blank(fix.modelId()) && blank(fix.promptVersion()) && blank(fix.policyVersion()))) {
                throw new InvalidRequestException("a fix names at least one of modelId, promptVersion, policyVersion");
            }
            checkText("fix.modelId", fix.modelId(), MAX_FIELD_CHARS);
            checkText("fix.promptVersion", fix.promptVersion(), MAX_FIELD_CHARS);
            checkText("fix.policyVersion", fix.policyVersion(), MAX_FIELD_CHARS);
            checkText("fix.description", fix.description(), MAX_NOTE_CHARS);
        } else if (fix != null) {
            throw new InvalidRequestException("only an action of kind fix names a fix");
        }
        return change(incidentId, i -> {
            if (i.actions().stream().anyMatch(a -> a.actionId().equals(actionId))) {
                return i;
            }
            if (i.state() == IncidentState.OPEN) {
                throw new IncidentConflictException("incident " + incidentId + " is open: acknowledge it first");
            }
            if (i.state() == IncidentState.RESOLVED) {
                throw new IncidentConflictException("incident " + incidentId + " is resolved");
            }
            if (i.actions().size() >= MAX_ACTIONS) {
                throw new IncidentConflictException("incident " + incidentId + " has " + MAX_ACTIONS
                        + " actions, the most it keeps");
            }
            String at = now();
            List<Incident.FollowUp> actions = new ArrayList<>(i.actions());
            actions.add(new Incident.FollowUp(actionId, kind, note == null ? "" : note, lead.id(), at));
            boolean mitigates = !NOT_MITIGATING.contains(kind);
            IncidentState state = mitigates ? IncidentState.MITIGATED : i.state();
            Incident.Times t = i.times();
            Incident.Times times = mitigates && t.mitigatedAt() == null ? new Incident.Times(t.deliveredAt(),
                    t.firstLookAt(), t.verdictAt(), t.openedAt(), t.acknowledgedAt(), at, t.resolvedAt()) : t;
            String detail = "fix".equals(kind) ? "fix named: " + describe(fix) : kind;
            return with(i, state, i.owner(), times, "fix".equals(kind) ? fix : i.fix(), i.resolution(), actions,
                    audit(i, at, lead.id(), "fix".equals(kind) ? "fix-named" : "action", detail), i.pagedAt(),
                    i.ackRepagedAt());
        });
    }

    /**
     * Resolves the incident: with {@code runId}, only when that re-run included its eval case, ran on the named fix
     * and the case passed; with {@code wontFixReason}, explicitly not fixed.
     */
    public Incident resolve(Reviewer lead, String incidentId, String runId, String wontFixReason) {
        requireLead(lead, "resolve");
        if (blank(runId) == blank(wontFixReason)) {
            throw new InvalidRequestException("give either runId (a passing re-run) or wontFix (a reason)");
        }
        checkText("runId", runId, MAX_FIELD_CHARS);
        checkText("wontFix", wontFixReason, MAX_NOTE_CHARS);
        return change(incidentId, i -> {
            if (i.state() == IncidentState.RESOLVED) {
                Incident.Resolution r = i.resolution();
                if (Objects.equals(r.runId(), blank(runId) ? null : runId)
                        && Objects.equals(r.reason(), blank(wontFixReason) ? null : wontFixReason)) {
                    return i;
                }
                throw new IncidentConflictException("incident " + incidentId + " is already resolved ("
                        + r.kind() + ")");
            }
            if (i.state() == IncidentState.OPEN) {
                throw new IncidentConflictException("incident " + incidentId + " is open: acknowledge it first");
            }
            String at = now();
            Incident.Resolution resolution;
            String detail;
            if (!blank(runId)) {
                checkRun(i, runId);
                resolution = new Incident.Resolution("fixed", runId, null, lead.id(), at);
                detail = "fixed: eval case " + i.source().evalCaseId() + " passed in re-run " + runId;
            } else {
                resolution = new Incident.Resolution("wont-fix", null, wontFixReason, lead.id(), at);
                detail = "won't fix";
            }
            Incident.Times t = i.times();
            return with(i, IncidentState.RESOLVED, i.owner(), new Incident.Times(t.deliveredAt(), t.firstLookAt(),
                    t.verdictAt(), t.openedAt(), t.acknowledgedAt(), t.mitigatedAt(), at), i.fix(), resolution,
                    i.actions(), audit(i, at, lead.id(), "resolved", detail), i.pagedAt(), i.ackRepagedAt());
        });
    }

    private void checkRun(Incident i, String runId) {
        Incident.Fix fix = i.fix();
        if (fix == null) {
            throw new IncidentConflictException("incident " + i.incidentId()
                    + " names no fix: record an action of kind fix (model, prompt or policy version) first");
        }
        String caseId = i.source().evalCaseId();
        RerunResults.CaseResult r = reruns.find(runId, caseId).orElseThrow(() -> new IncidentConflictException(
                "re-run " + runId + " does not exist or did not include eval case " + caseId));
        if (!blank(fix.modelId()) && !fix.modelId().equals(r.modelId())) {
            throw new IncidentConflictException("re-run " + runId + " ran on model " + r.modelId()
                    + ", not the fix's " + fix.modelId());
        }
        if (!blank(fix.promptVersion()) && !fix.promptVersion().equals(r.promptVersion())) {
            throw new IncidentConflictException("re-run " + runId + " ran on prompt version " + r.promptVersion()
                    + ", not the fix's " + fix.promptVersion());
        }
        if (!"pass".equals(r.status())) {
            throw new IncidentConflictException("eval case " + caseId + " did not pass in re-run " + runId + " ("
                    + r.status() + ")");
        }
    }

    private Incident change(String incidentId, UnaryOperator<Incident> f) {
        for (int attempt = 0; ; attempt++) {
            Incident current = store.get(incidentId).orElseThrow(() -> new IncidentNotFoundException(incidentId));
            Incident updated = f.apply(current);
            if (updated == current) {
                return current;
            }
            try {
                store.replace(updated, current.version());
                return updated;
            } catch (IncidentChangedException e) {
                if (attempt + 1 >= ATTEMPTS) {
                    throw new IncidentConflictException("incident " + incidentId
                            + " keeps changing under this request; try again");
                }
            }
        }
    }

    /** A copy with the next version and the given mutable parts. */
    static Incident with(Incident i, IncidentState state, String owner, Incident.Times times, Incident.Fix fix,
                         Incident.Resolution resolution, List<Incident.FollowUp> actions,
                         List<Incident.AuditEntry> audit, String pagedAt, String ackRepagedAt) {
        return new Incident(i.schema(), i.incidentId(), i.version() + 1, state, i.severity(), i.categories(),
                i.firstAction(), i.source(), times, i.openedBy(), owner, i.ackDueAt(), fix, resolution, actions, audit,
                pagedAt, ackRepagedAt);
    }

    private static List<Incident.AuditEntry> audit(Incident i, String at, String by, String event, String detail) {
        List<Incident.AuditEntry> audit = new ArrayList<>(i.audit());
        audit.add(new Incident.AuditEntry(at, by, event, detail));
        return audit;
    }

    private static String describe(Incident.Fix fix) {
        List<String> parts = new ArrayList<>();
        if (!blank(fix.modelId())) {
            parts.add("model " + fix.modelId());
        }
        if (!blank(fix.promptVersion())) {
            parts.add("prompt " + fix.promptVersion());
        }
        if (!blank(fix.policyVersion())) {
            parts.add("policy " + fix.policyVersion());
        }
        return String.join(", ", parts);
    }

    private static void requireLead(Reviewer who, String what) {
        if (!who.lead()) {
            throw new ForbiddenException("only a lead may " + what + " an incident");
        }
    }

    private static void checkText(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidRequestException(field + " is longer than " + max + " characters");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private String now() {
        return Timestamps.format(clock.instant());
    }
}
