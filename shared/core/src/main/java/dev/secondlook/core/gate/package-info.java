/**
 * The gate: an application asks before it delivers a model output, and the same policy that judges the logs
 * decides at once whether it goes out ({@code deliver}) or waits for a reviewer ({@code hold}). A held output is a
 * review record in the hold lane; the reviewer's verdict (approve, edit, block), or the hold's timeout, decides
 * what the application delivers. Use cases: {@link dev.secondlook.core.gate.CheckOutput} (the check),
 * {@link dev.secondlook.core.gate.AwaitDecision} (the long poll), {@link dev.secondlook.core.gate.ExpireHolds}
 * (holds nobody decided in time), {@link dev.secondlook.core.gate.PublishCheckDecisions} (the push alternative).
 * Ports: {@link dev.secondlook.core.gate.CheckStore}, {@link dev.secondlook.core.gate.CheckDecisionPublisher}.
 */
package dev.secondlook.core.gate;
