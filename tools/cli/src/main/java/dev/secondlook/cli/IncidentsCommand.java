package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code ./secondlook incidents list | show ID | ack ID | note ID ... | resolve ID ... | exposure}: a lead's client
 * for incidents (off-policy outputs a customer already got). Same API, signing and roles as {@code review}.
 */
@Command(name = "incidents",
        description = {"Incidents: off-policy outputs that had already reached a customer. Leads acknowledge them, "
                + "record what was done, name the fix and resolve them once a re-run of the eval case passes on it.",
                "Same API and signing as `review`: the local stack by default, a deployed one with --stack NAME."})
final class IncidentsCommand {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintStream out;
    private final Path home;

    IncidentsCommand(PrintStream out, Path home) {
        this.out = out;
        this.home = home;
    }

    @Command(name = "list", description = "Lists incidents, newest first (a reviewer sees the ones they opened).")
    int list(@Option(names = "--state", paramLabel = "S",
                     description = "open, acknowledged, mitigated or resolved (default: all).") String state,
             @Option(names = "--limit", paramLabel = "N", description = "At most N, 1 to 200 (default: 50).")
             Integer limit,
             @Mixin ReviewCommand.ApiOptions target) {
        List<String> q = new ArrayList<>();
        if (state != null) {
            q.add("state=" + encode(state));
        }
        if (limit != null) {
            q.add("limit=" + limit);
        }
        return call(target, "GET", "/incidents" + (q.isEmpty() ? "" : "?" + String.join("&", q)), null);
    }

    @Command(name = "show", description = "Prints one incident: its timeline, actions, fix and audit trail.")
    int show(@Parameters(paramLabel = "ID", description = "The incident id (inc-...).") String id,
             @Mixin ReviewCommand.ApiOptions target) {
        return call(target, "GET", "/incidents/" + encode(id), null);
    }

    @Command(name = "ack", description = "Takes the incident (leads): you own it, and its acknowledgement SLA is met.")
    int ack(@Parameters(paramLabel = "ID", description = "The incident id.") String id,
            @Mixin ReviewCommand.ApiOptions target) {
        return call(target, "POST", "/incidents/" + encode(id) + "/ack", null);
    }

    @Command(name = "note",
            description = {"Records a follow-up action (leads). customer-contacted, credential-rotated and "
                    + "correction-sent mitigate the incident; note only records; naming a fix (--fix-model, "
                    + "--fix-prompt, --fix-policy) says which change its re-run must pass on."})
    int note(@Parameters(paramLabel = "ID", description = "The incident id.") String id,
             @Option(names = "--kind", paramLabel = "K",
                     description = "customer-contacted, credential-rotated, correction-sent, note or fix "
                             + "(default: fix with a --fix-* option, else note).") String kind,
             @Option(names = "--note", paramLabel = "TEXT", description = "What was done (default: none).")
             String note,
             @Option(names = "--fix-model", paramLabel = "MODEL_ID",
                     description = "The fix is this candidate model (default: none).") String fixModel,
             @Option(names = "--fix-prompt", paramLabel = "VERSION",
                     description = "The fix is this system prompt version, as `evalset run` records it "
                             + "(default: none).") String fixPrompt,
             @Option(names = "--fix-policy", paramLabel = "VERSION",
                     description = "The fix is this policy version (default: none).") String fixPolicy,
             @Option(names = "--action-id", paramLabel = "ID",
                     description = "An id for this action, so a retried command records it once (default: a new "
                             + "random id).") String actionId,
             @Mixin ReviewCommand.ApiOptions target) {
        boolean fix = fixModel != null || fixPrompt != null || fixPolicy != null;
        String k = kind != null ? kind : fix ? "fix" : "note";
        if (fix && !"fix".equals(k)) {
            throw new UsageException("--fix-model, --fix-prompt and --fix-policy go with --kind fix");
        }
        ObjectNode body = MAPPER.createObjectNode().put("actionId", actionId != null ? actionId
                : UUID.randomUUID().toString()).put("kind", k);
        if (note != null) {
            body.put("note", note);
        }
        if (fix) {
            ObjectNode f = body.putObject("fix");
            f.put("modelId", fixModel).put("promptVersion", fixPrompt).put("policyVersion", fixPolicy)
                    .put("description", note);
        }
        return call(target, "POST", "/incidents/" + encode(id) + "/actions", body.toString());
    }

    @Command(name = "resolve",
            description = "Resolves the incident (leads): with --run, only if that re-run ran on the named fix and "
                    + "the incident's eval case passed; or --wont-fix with a reason.")
    int resolve(@Parameters(paramLabel = "ID", description = "The incident id.") String id,
                @Option(names = "--run", paramLabel = "RUN_ID",
                        description = "The passing re-run (`evalset run` prints its id).") String runId,
                @Option(names = "--wont-fix", paramLabel = "REASON",
                        description = "Resolve without a fix, saying why.") String wontFix,
                @Mixin ReviewCommand.ApiOptions target) {
        if ((runId == null) == (wontFix == null)) {
            throw new UsageException("incidents resolve: give --run RUN_ID (a passing re-run) or --wont-fix REASON");
        }
        ObjectNode body = MAPPER.createObjectNode();
        if (runId != null) {
            body.put("runId", runId);
        } else {
            body.put("wontFix", wontFix);
        }
        return call(target, "POST", "/incidents/" + encode(id) + "/resolve", body.toString());
    }

    @Command(name = "exposure",
            description = "Who saw it and how fast (leads): per lane and severity, p50/p95 of the time from delivery "
                    + "to the first human look, the verdict, acknowledgement and mitigation.")
    int exposure(@Mixin ReviewCommand.ApiOptions target) {
        return call(target, "GET", "/incidents/exposure", null);
    }

    private int call(ReviewCommand.ApiOptions target, String method, String path, String body) {
        ReviewClient.Response r = ReviewCommand.send(target, home, "incidents", method, path, body);
        if (target.json) {
            out.println(ReviewCommand.pretty(r.body()));
        } else {
            out.println(readable(r));
        }
        return r.status() < 300 ? 0 : 1;
    }

    private static String readable(ReviewClient.Response r) {
        JsonNode n;
        try {
            n = MAPPER.readTree(r.body());
        } catch (IOException e) {
            return ReviewText.safe(r.body());
        }
        if (r.status() >= 300) {
            return "incidents: HTTP " + r.status() + " " + n.path("error").asText("") + ": "
                    + ReviewText.safe(n.path("message").asText(r.body()));
        }
        if (n.has("rows")) {
            return IncidentText.exposure(n);
        }
        if (n.has("items")) {
            return IncidentText.list(n);
        }
        return IncidentText.incident(n);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
