/**
 * Incidents: an off-policy verdict on an output that already reached its customer opens one. It has a severity
 * and a first action from the policy's {@code incidents} section, an owner once a lead acknowledges it, follow-up
 * actions (customer contacted, credential rotated, correction sent), a named fix, and it is resolved only when the
 * re-run of its eval case passes on that fix, or explicitly as "won't fix" with a reason. Every change is kept in
 * its audit trail. Use cases: {@link dev.secondlook.core.incident.OpenIncidents} (from the verdict stream),
 * {@link dev.secondlook.core.incident.IncidentWorkflow} (the API), {@link dev.secondlook.core.incident.RepageIncidents}
 * (acknowledgement SLA). Ports: {@link dev.secondlook.core.incident.IncidentStore},
 * {@link dev.secondlook.core.incident.IncidentPager}, {@link dev.secondlook.core.incident.RerunResults}.
 * No incident holds model text: only ids, labels, times and what leads wrote.
 */
package dev.secondlook.core.incident;
