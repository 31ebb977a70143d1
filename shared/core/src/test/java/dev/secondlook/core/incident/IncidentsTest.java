package dev.secondlook.core.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.policy.PolicyException;
import dev.secondlook.core.policy.PolicyLoader;
import dev.secondlook.core.review.ForbiddenException;
import dev.secondlook.core.review.InvalidRequestException;
import dev.secondlook.core.review.Reviewer;
import dev.secondlook.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncidentsTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private final Reviewer alice = new Reviewer("alice", false);
    private final Reviewer bob = new Reviewer("bob", false);
    private final Reviewer dana = new Reviewer("dana", true);
    private final Reviewer erin = new Reviewer("erin", true);

    private final InMemoryIncidentStore store = new InMemoryIncidentStore();
    private final List<IncidentPage> pages = new ArrayList<>();
    private final MutableClock clock = new MutableClock(T0);
    private final Map<String, RerunResults.CaseResult> runs = new HashMap<>();
    private final RerunResults reruns = (runId, caseId) -> Optional.ofNullable(runs.get(runId + "/" + caseId));
    private final OpenIncidents open = new OpenIncidents(store, pages::add, PolicyLoader.loadDefault().incidents(),
            clock);
    private final IncidentWorkflow workflow = new IncidentWorkflow(store, reruns, clock);

    private static DeliveredOutput delivered(String reviewId, String... categories) {
        return new DeliveredOutput(reviewId, List.of(categories), "alice", "billing.refund", "model-a", "pv1",
                "priority", "s3://logs/k.jsonl#L3", "req-1", "2026-11-30T09:00:00Z", "2026-11-30T09:20:00Z",
                "2026-11-30T09:59:00Z");
    }

    private static <T extends Throwable> void fails(Class<T> type, String message, org.junit.jupiter.api.function.Executable e) {
        T t = assertThrows(type, e);
        assertTrue(t.getMessage().contains(message), () -> "message '" + t.getMessage() + "' lacks '" + message + "'");
    }

    private static List<String> events(Incident i) {
        return i.audit().stream().map(Incident.AuditEntry::event).toList();
    }

    @Test
    void aCommitmentOpensOneSev2IncidentThatPagesOnce_howeverOftenTheVerdictArrives() {
        Incident first = open.open(delivered("r1", "commitment"));
        clock.advance(Duration.ofSeconds(5));
        Incident again = open.open(delivered("r1", "commitment"));

        assertEquals(1, store.items.size());
        assertEquals("inc-r1", first.incidentId());
        assertEquals(IncidentSeverity.SEV2, again.severity());
        assertEquals(IncidentState.OPEN, again.state());
        assertTrue(again.firstAction().contains("Contact the customer"));
        assertEquals("2026-11-30T11:00:00.000Z", again.ackDueAt());
        assertEquals("r1", again.source().evalCaseId());
        assertEquals("2026-11-30T09:00:00Z", again.times().deliveredAt());
        assertEquals(1, pages.size());
        assertEquals(IncidentPage.OPENED, pages.get(0).kind());
        assertEquals("inc-r1", pages.get(0).incidentId());
        assertEquals(IncidentSeverity.SEV2, pages.get(0).severity());
        assertEquals(List.of("opened", "paged"), events(again));
    }

    @Test
    void theMostSevereCategoryWins_andSev3DoesNotPage() {
        assertEquals(IncidentSeverity.SEV1, open.open(delivered("r1", "commitment", "secret-leak")).severity());
        Incident minor = open.open(delivered("r2", "over-refusal"));
        assertEquals(IncidentSeverity.SEV3, minor.severity());
        assertNull(minor.pagedAt());
        assertEquals(1, pages.size());
    }

    @Test
    void aPageThatFailedIsSentOnTheNextDelivery() {
        IncidentPager failing = p -> {
            throw new StoreUnavailableException("sns down", null);
        };
        OpenIncidents flaky = new OpenIncidents(store, failing, IncidentPolicy.defaults(), clock);
        assertThrows(StoreUnavailableException.class, () -> flaky.open(delivered("r1", "secret-leak")));
        assertNull(store.items.get("inc-r1").pagedAt());

        Incident retried = open.open(delivered("r1", "secret-leak"));
        assertNotNull(retried.pagedAt());
        assertEquals(1, pages.size());
    }

    @Test
    void theLifecycle_ackActionsFixAndResolveOnlyOnAPassingRerunOfTheFix() {
        open.open(delivered("r1", "commitment"));
        fails(IncidentConflictException.class, "acknowledge it first",
                () -> workflow.addAction(dana, "inc-r1", "a1", "customer-contacted", "called", null));

        clock.advance(Duration.ofMinutes(10));
        Incident acked = workflow.acknowledge(dana, "inc-r1");
        assertEquals(IncidentState.ACKNOWLEDGED, acked.state());
        assertEquals("dana", acked.owner());
        assertEquals(acked, workflow.acknowledge(dana, "inc-r1"));
        fails(IncidentConflictException.class, "owned by dana", () -> workflow.acknowledge(erin, "inc-r1"));

        clock.advance(Duration.ofMinutes(10));
        Incident mitigated = workflow.addAction(dana, "inc-r1", "a1", "customer-contacted", "called them", null);
        assertEquals(IncidentState.MITIGATED, mitigated.state());
        assertEquals("2026-11-30T10:20:00.000Z", mitigated.times().mitigatedAt());
        assertEquals(1, workflow.addAction(dana, "inc-r1", "a1", "customer-contacted", "called them", null)
                .actions().size());

        fails(IncidentConflictException.class, "names no fix", () -> workflow.resolve(dana, "inc-r1", "run-1", null));
        workflow.addAction(dana, "inc-r1", "a2", "fix", "tighter refund wording",
                new Incident.Fix(null, "prompt-v7", null, "refund promises removed"));

        runs.put("run-1/r1", new RerunResults.CaseResult("run-1", "model-a", "prompt-v6", "r1", "pass"));
        runs.put("run-2/r1", new RerunResults.CaseResult("run-2", "model-a", "prompt-v7", "r1", "fail"));
        runs.put("run-3/r1", new RerunResults.CaseResult("run-3", "model-a", "prompt-v7", "r1", "pass"));
        fails(IncidentConflictException.class, "not the fix's prompt-v7",
                () -> workflow.resolve(dana, "inc-r1", "run-1", null));
        fails(IncidentConflictException.class, "did not pass", () -> workflow.resolve(dana, "inc-r1", "run-2", null));
        fails(IncidentConflictException.class, "does not exist", () -> workflow.resolve(dana, "inc-r1", "run-9", null));

        Incident resolved = workflow.resolve(dana, "inc-r1", "run-3", null);
        assertEquals(IncidentState.RESOLVED, resolved.state());
        assertEquals("fixed", resolved.resolution().kind());
        assertEquals(resolved, workflow.resolve(dana, "inc-r1", "run-3", null));
        assertThrows(IncidentConflictException.class, () -> workflow.resolve(dana, "inc-r1", null, "meh"));
        assertEquals(List.of("opened", "paged", "acknowledged", "action", "fix-named", "resolved"), events(resolved));
        assertEquals(List.of("alice", "secondlook", "dana", "dana", "dana", "dana"),
                resolved.audit().stream().map(Incident.AuditEntry::by).toList());
    }

    @Test
    void wontFixNeedsAReason_andOnlyLeadsChangeIncidents() {
        open.open(delivered("r1", "commitment"));
        assertThrows(ForbiddenException.class, () -> workflow.acknowledge(alice, "inc-r1"));
        workflow.acknowledge(dana, "inc-r1");
        assertThrows(InvalidRequestException.class, () -> workflow.resolve(dana, "inc-r1", null, null));
        assertThrows(InvalidRequestException.class, () -> workflow.resolve(dana, "inc-r1", "run-1", "both"));
        Incident r = workflow.resolve(dana, "inc-r1", null, "the customer never saw the answer");
        assertEquals("wont-fix", r.resolution().kind());
        assertEquals("the customer never saw the answer", r.resolution().reason());
    }

    @Test
    void reviewersSeeOnlyTheIncidentsTheyOpened_leadsSeeAll() {
        open.open(delivered("r1", "commitment"));
        open.open(new DeliveredOutput("r2", List.of("commitment"), "bob", "x", "m", "pv", "routine", "s3://b/k#L1",
                null, "2026-11-30T09:00:00Z", null, "2026-11-30T09:30:00Z"));
        assertEquals(List.of("inc-r1"), workflow.list(alice, null, 50).stream().map(Incident::incidentId).toList());
        assertEquals(2, workflow.list(dana, null, 50).size());
        assertEquals("bob", workflow.show(bob, "inc-r2").openedBy());
        assertThrows(IncidentNotFoundException.class, () -> workflow.show(alice, "inc-r2"));
        assertThrows(IncidentNotFoundException.class, () -> workflow.show(dana, "inc-zz"));
    }

    @Test
    void aConcurrentChangeIsRedone_notLost() {
        open.open(delivered("r1", "commitment"));
        workflow.acknowledge(dana, "inc-r1");
        store.conflictsToInject = 2;
        Incident i = workflow.addAction(dana, "inc-r1", "a1", "note", "looking", null);
        assertEquals(1, i.actions().size());
        assertEquals(1, store.items.get("inc-r1").actions().size());
        store.conflictsToInject = 10;
        assertThrows(IncidentConflictException.class,
                () -> workflow.addAction(dana, "inc-r1", "a2", "note", "again", null));
    }

    @Test
    void actionsAreValidated() {
        open.open(delivered("r1", "commitment"));
        workflow.acknowledge(dana, "inc-r1");
        assertThrows(InvalidRequestException.class, () -> workflow.addAction(dana, "inc-r1", "a1", "party", "x", null));
        assertThrows(InvalidRequestException.class, () -> workflow.addAction(dana, "inc-r1", "", "note", "x", null));
        assertThrows(InvalidRequestException.class,
                () -> workflow.addAction(dana, "inc-r1", "a1", "note", "x".repeat(2_001), null));
        assertThrows(InvalidRequestException.class, () -> workflow.addAction(dana, "inc-r1", "a1", "fix", "x",
                new Incident.Fix(null, null, null, "nothing named")));
        assertThrows(InvalidRequestException.class, () -> workflow.addAction(dana, "inc-r1", "a1", "note", "x",
                new Incident.Fix("m", null, null, null)));
        assertThrows(ForbiddenException.class, () -> workflow.addAction(bob, "inc-r1", "a1", "note", "x", null));
    }

    @Test
    void anUnacknowledgedSev1PagesAgainOnceAfterItsSla() {
        open.open(delivered("r1", "secret-leak"));
        RepageIncidents repage = new RepageIncidents(store, pages::add, clock);
        clock.advance(Duration.ofMinutes(14));
        assertEquals(new RepageIncidents.Result(0, 0, 0), repage.run());
        clock.advance(Duration.ofMinutes(2));
        RepageIncidents failing = new RepageIncidents(store, p -> {
            throw new StoreUnavailableException("sns down", null);
        }, clock);
        assertEquals(new RepageIncidents.Result(1, 0, 1), failing.run());
        assertEquals(new RepageIncidents.Result(1, 1, 0), repage.run());
        assertEquals(0, repage.run().paged());
        assertEquals(List.of(IncidentPage.OPENED, IncidentPage.UNACKNOWLEDGED),
                pages.stream().map(IncidentPage::kind).toList());
        assertNotEquals(pages.get(0).pageId(), pages.get(1).pageId());
        assertEquals("repaged", events(store.items.get("inc-r1")).get(2));

        open.open(delivered("r2", "secret-leak"));
        workflow.acknowledge(dana, "inc-r2");
        clock.advance(Duration.ofHours(1));
        assertEquals(0, repage.run().paged());
    }

    @Test
    void exposureWindowsPerLaneAndSeverity() {
        open.open(delivered("r1", "commitment"));
        open.open(delivered("r2", "commitment"));
        clock.advance(Duration.ofMinutes(30));
        workflow.acknowledge(dana, "inc-r1");
        List<ExposureWindows.Row> rows = ExposureWindows.of(store.list(null, null, 10));
        assertEquals(2, rows.size());
        ExposureWindows.Row any = rows.get(0);
        assertEquals("any", any.lane());
        assertEquals(2, any.incidents());
        assertEquals(new ExposureWindows.Step(2, 1200L, 1200L), any.toFirstLook());
        assertEquals(new ExposureWindows.Step(2, 3540L, 3540L), any.toVerdict());
        assertEquals(new ExposureWindows.Step(1, 5400L, 5400L), any.toAcknowledged());
        assertEquals(new ExposureWindows.Step(0, null, null), any.toMitigated());
        assertEquals("priority", rows.get(1).lane());
        assertEquals("sev2", rows.get(1).severity());
        assertEquals(10, ExposureWindows.rank(new long[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.95));
        assertEquals(2, ExposureWindows.rank(new long[]{1, 2, 3, 4}, 0.5));
    }

    @Test
    void thePolicySectionIsValidated() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        IncidentPolicy p = IncidentPolicy.compile(yaml.readTree(
                "ackSlaMinutes: {sev2: 30}\ncategories: {commitment: sev1}\ndefault: {severity: sev2, action: look}"));
        assertEquals(IncidentSeverity.SEV1, p.termsFor(List.of("commitment")).severity());
        assertEquals(new IncidentPolicy.Terms(IncidentSeverity.SEV2, "look"), p.termsFor(List.of("other")));
        assertEquals(Duration.ofMinutes(30), p.ackSla(IncidentSeverity.SEV2));
        assertEquals(Duration.ofMinutes(15), p.ackSla(IncidentSeverity.SEV1));
        fails(IllegalArgumentException.class, "sev1, sev2 or sev3",
                () -> IncidentPolicy.compile(yaml.readTree("categories: {commitment: sev9}")));
        fails(IllegalArgumentException.class, "minutes from 1",
                () -> IncidentPolicy.compile(yaml.readTree("ackSlaMinutes: {sev1: 0}")));
        fails(IllegalArgumentException.class, "unknown key", () -> IncidentPolicy.compile(yaml.readTree("owners: x")));
        fails(PolicyException.class, "severity is required", () -> PolicyLoader.load(
                "policy: p\nrules: []\nincidents: {default: {action: x}}\n".getBytes()));
        assertEquals(IncidentSeverity.SEV1,
                PolicyLoader.loadDefault().incidents().termsFor(List.of("secret-leak")).severity());
    }
}
