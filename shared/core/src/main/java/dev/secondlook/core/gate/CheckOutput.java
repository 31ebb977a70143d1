package dev.secondlook.core.gate;

import dev.secondlook.core.ingest.ReviewRecords;
import dev.secondlook.core.judge.JudgedRecord;
import dev.secondlook.core.judge.RecordJudge;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.policy.Decision;
import dev.secondlook.core.policy.HoldPolicy;
import dev.secondlook.core.policy.Judgement;
import dev.secondlook.core.policy.Policy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Use case: an application asks before it delivers a model output. The output is judged in-process by the same
 * policy, judge budget and deterministic sampling as ingest, and the policy's {@code hold} section decides:
 *
 * <ul>
 *   <li><b>deliver</b>, at once. When the policy selects the output for review (a rule, a high-stakes route, or the
 *       sample), its review record is written with one conditional write, in the lane ingest would have chosen;
 *       otherwise nothing is written and no AWS call is made.</li>
 *   <li><b>hold</b>: its review record goes into the hold lane with the hold's terms (until, on timeout, fallback),
 *       one conditional write; the application waits for the decision ({@link AwaitDecision}).</li>
 * </ul>
 *
 * <p>The check id is the review id ingest computes for the same request id, so when the invocation log arrives
 * through S3 later, ingest finds the record and writes no second one. Idempotent on the request id: a retry (the
 * same request) gets the same check id and decision from the stored record. A record that fails its judge budget
 * is held (fail closed), with reason {@code judge-failed}.
 */
public final class CheckOutput {

    /** Selection reason of a held record: every held output is recorded (inclusion probability 1). */
    public static final String HOLD_REASON = "hold";

    private final RecordJudge judge;
    private final Policy policy;
    private final CheckStore store;
    private final GateSettings settings;
    private final Clock clock;

    public CheckOutput(RecordJudge judge, CheckStore store, GateSettings settings, Clock clock) {
        this.judge = judge;
        this.policy = judge.policy();
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Checks one output for {@code caller} (the application's principal, kept with a held check so that only it
     * reads the decision).
     *
     * @throws CheckConflictException when the request id belongs to another request, or to a record ingest wrote
     *                                from the log before the application asked and the output would be held
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the store cannot answer (retry)
     */
    public CheckResult check(CheckRequest request, String caller) {
        Interaction interaction = request.interaction(policy.routeKey());
        Judgement judgement;
        HoldPolicy.Decision hold;
        JudgedRecord judged = judge.judge(interaction, 0);
        if (judged instanceof JudgedRecord.Judged j) {
            judgement = j.judgement();
            hold = policy.hold().decide(judgement);
        } else {
            // over the judge budget, or the judging failed: nobody knows what it says, so it waits for a human
            String route = policy.routeOf(interaction);
            judgement = new Judgement(Decision.NONE, List.of(), List.of(), List.of(), 1.0, JudgedRecord.JUDGE_FAILED,
                    route);
            hold = new HoldPolicy.Decision(true, List.of(JudgedRecord.JUDGE_FAILED), policy.hold().termsFor(route));
        }
        Instant now = clock.instant();
        if (hold.hold()) {
            Severity severity = judgement.selected() ? judgement.severity() : Severity.REVIEW;
            ReviewRecord record = ReviewRecords.build(interaction, judgement, new ReviewRecords.Selection(severity,
                    Lane.HOLD, 1.0, HOLD_REASON), policy.version(), now, now.plus(settings.holdSla()),
                    settings.textBudgetBytes()).record();
            Hold h = Hold.start(now, hold.terms());
            Optional<StoredCheck> existing = store.create(new NewCheck(record, request.hash(), caller, h));
            if (existing.isEmpty()) {
                return new CheckResult(CheckResult.SCHEMA, record.id(), CheckDecision.HOLD, record.categories(),
                        record.ruleIds(), record.policyVersion(), record.id(), Timestamps.format(h.until()));
            }
            return replay(existing.get(), request, true);
        }
        String checkId = ReviewRecords.reviewId(request.requestId());
        if (!judgement.selected()) {
            return new CheckResult(CheckResult.SCHEMA, checkId, CheckDecision.DELIVER, judgement.categories(),
                    judgement.ruleIds(), policy.version(), null, null);
        }
        ReviewRecords.Selection selection = ReviewRecords.Selection.of(judgement);
        ReviewRecord record = ReviewRecords.build(interaction, judgement, selection, policy.version(), now,
                now.plus(selection.lane() == Lane.PRIORITY ? settings.prioritySla() : settings.routineSla()),
                settings.textBudgetBytes()).record();
        Optional<StoredCheck> existing = store.create(new NewCheck(record, request.hash(), caller, null));
        if (existing.isEmpty()) {
            return new CheckResult(CheckResult.SCHEMA, record.id(), CheckDecision.DELIVER, record.categories(),
                    record.ruleIds(), record.policyVersion(), record.id(), null);
        }
        return replay(existing.get(), request, false);
    }

    /** The answer for a request id that has a record already: the stored decision, when it is this request's. */
    private static CheckResult replay(StoredCheck c, CheckRequest request, boolean wouldHold) {
        if (c.requestHash() == null) {
            if (wouldHold) {
                throw new CheckConflictException("request id " + request.requestId() + " was recorded from its "
                        + "invocation log before it was checked; check outputs before the log is written");
            }
            return new CheckResult(CheckResult.SCHEMA, c.checkId(), CheckDecision.DELIVER, c.categories(),
                    c.ruleIds(), c.policyVersion(), c.checkId(), null);
        }
        if (!c.requestHash().equals(request.hash())) {
            throw new CheckConflictException("request id " + request.requestId() + " was checked already with "
                    + "another request; a request id names one model call");
        }
        Hold h = c.hold();
        return new CheckResult(CheckResult.SCHEMA, c.checkId(), h == null ? CheckDecision.DELIVER : CheckDecision.HOLD,
                c.categories(), c.ruleIds(), c.policyVersion(), c.checkId(),
                h == null ? null : Timestamps.format(h.until()));
    }
}
