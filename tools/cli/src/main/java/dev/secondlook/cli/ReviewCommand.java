package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./secondlook review next | show ID | verdict ID ... | release ID | list}: the reviewer's client. Requests
 * are SigV4-signed with your AWS credentials (the default chain); the reviewer is whoever signs.
 */
@Command(name = "review",
        description = {"The reviewer's client: claim, read, release and judge review records.",
                "Requests go to the review API, SigV4-signed with your AWS credentials (the default chain); the "
                        + "reviewer is whoever signs. The local stack by default, a deployed one with --stack NAME "
                        + "or --api URL."})
final class ReviewCommand {

    /** Which review API to call: {@code --stack}, {@code --region}, {@code --api}. */
    static final class ApiOptions {

        @Mixin
        StackOptions stack;

        @Option(names = "--api", paramLabel = "URL",
                description = "The review API to call (default: the ReviewApiUrl output of --stack, else the "
                        + "local stack's, else $SECONDLOOK_API_URL).")
        String api;

        @Option(names = "--json",
                description = "Print the API's JSON, for scripts (default: a readable view with the evidence "
                        + "marked in the output).")
        boolean json;
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintStream out;
    private final Path home;

    ReviewCommand(PrintStream out, Path home) {
        this.out = out;
        this.home = home;
    }

    @Command(name = "next",
            description = "Claims the next record waiting for review (held outputs first, then the priority "
                    + "lane) and prints it; the claim is yours until its lease lapses.")
    int next(@Mixin ApiOptions target) {
        return call(target, "POST", "/reviews/claim", null);
    }

    @Command(name = "show", description = "Prints one review record.")
    int show(@Parameters(paramLabel = "ID", description = "The review id.") String id,
             @Mixin ApiOptions target) {
        return call(target, "GET", "/reviews/" + encode(id), null);
    }

    @Command(name = "release",
            description = "Gives back your claim on a record; it returns to its queue at once.")
    int release(@Parameters(paramLabel = "ID", description = "The review id.") String id,
                @Mixin ApiOptions target) {
        return call(target, "POST", "/reviews/" + encode(id) + "/release", null);
    }

    /** The options of a verdict, shared by {@code verdict} and {@code amend}. */
    static final class VerdictOptions {

        @Option(names = "--outcome", paramLabel = "OUTCOME",
                description = "on-policy or off-policy (required, except with --decision: approve implies "
                        + "on-policy, edit and block off-policy).")
        String outcome;

        @Option(names = "--decision", paramLabel = "D",
                description = "On a held output: approve (deliver it), edit (deliver your --edit text) or "
                        + "block (deliver the route's fallback) (default: none; on a held output, "
                        + "on-policy approves and off-policy blocks).")
        String decision;

        @Option(names = "--edit", paramLabel = "TEXT",
                description = "The text the application delivers instead of the held output; implies "
                        + "--decision edit (default: none).")
        String edit;

        @Option(names = "--category", paramLabel = "C",
                description = "A policy category the output falls under; repeat for several (default: the "
                        + "categories the rules gave the record; an off-policy verdict needs one).")
        List<String> categories;

        @Option(names = "--severity", paramLabel = "S",
                description = "page, review, sample or none (default: none).")
        String severity;

        @Option(names = "--note", paramLabel = "TEXT", description = "A note kept with the verdict (default: none).")
        String note;

        @Option(names = "--correct", paramLabel = "TEXT",
                description = "What the model should have said; the eval case's reference answer "
                        + "(default: none; an --edit serves as one).")
        String correct;

        /** The request body. */
        String body() {
            String d = edit != null && decision == null ? "edit" : decision;
            if (outcome == null && d == null) {
                throw new UsageException("Missing required option: '--outcome=OUTCOME' (or --decision on a held "
                        + "output)");
            }
            if ("edit".equals(d) && edit == null) {
                throw new UsageException("--decision edit needs --edit TEXT: the text to deliver instead");
            }
            ObjectNode body = MAPPER.createObjectNode();
            if (outcome != null) {
                body.put("outcome", outcome);
            }
            if (d != null) {
                body.put("decision", d);
            }
            if (edit != null) {
                body.put("editedOutput", edit);
            }
            ArrayNode cats = body.putArray("categories");
            if (categories != null) {
                categories.forEach(cats::add);
            }
            if (severity != null) {
                body.put("severity", severity);
            }
            if (note != null) {
                body.put("note", note);
            }
            if (correct != null) {
                body.put("correctedResponse", correct);
            }
            return body.toString();
        }
    }

    @Command(name = "queues",
            description = "Prints what waits per lane: how many records, the oldest one's creation, the next due "
                    + "time (any reviewer; no ids or text).")
    int queues(@Mixin ApiOptions target) {
        return call(target, "GET", "/queues", null);
    }

    @Command(name = "verdict",
            description = {"Records your verdict on a record you have claimed; an off-policy verdict becomes an "
                    + "eval case.",
                    "On a held output (the hold lane, an application waiting) --decision also says what the "
                            + "application delivers: approve, edit (--edit TEXT) or block."})
    int verdict(@Parameters(paramLabel = "ID", description = "The review id.") String id,
                @Mixin VerdictOptions verdict, @Mixin ApiOptions target) {
        return call(target, "POST", "/reviews/" + encode(id) + "/verdict", verdict.body());
    }

    @Command(name = "amend",
            description = "Replaces your own verdict within minutes of giving it (10 by default): a slip corrected. "
                    + "Not for a decision on a held output, which the application has acted on; ask a lead.")
    int amend(@Parameters(paramLabel = "ID", description = "The review id.") String id,
              @Mixin VerdictOptions verdict, @Mixin ApiOptions target) {
        return call(target, "POST", "/reviews/" + encode(id) + "/amend", verdict.body());
    }

    @Command(name = "claim",
            description = "Claims one record by id (leads): nobody else takes it while you hold it; it comes back "
                    + "to its queue if your lease lapses.")
    int claim(@Parameters(paramLabel = "ID", description = "The review id.") String id,
              @Mixin ApiOptions target) {
        return call(target, "POST", "/reviews/" + encode(id) + "/claim", null);
    }

    @Command(name = "extend",
            description = "Keeps your claim for one more lease from now (at most 12 hours from when you took it).")
    int extend(@Parameters(paramLabel = "ID", description = "The review id.") String id,
               @Mixin ApiOptions target) {
        return call(target, "POST", "/reviews/" + encode(id) + "/extend", null);
    }

    @Command(name = "mine", description = "Lists the records you hold now, with when each lease ends.")
    int mine(@Mixin ApiOptions target) {
        return call(target, "GET", "/reviews/mine", null);
    }

    @Command(name = "list",
            description = "Lists review records of one status, oldest due first: labels only, a page at a time.")
    int list(@Option(names = "--status", paramLabel = "S",
                     description = "PENDING, IN_REVIEW, REVIEWED or DISPUTED (two independent reviews disagree: a "
                             + "lead adjudicates) (default: PENDING).") String status,
             @Option(names = "--lane", paramLabel = "L",
                     description = "Only this lane: hold, priority or routine (default: all).") String lane,
             @Option(names = "--category", paramLabel = "C",
                     description = "Only records with this category (default: all).") String category,
             @Option(names = "--limit", paramLabel = "N",
                     description = "Records per page, 1 to 100 (default: 25).") Integer limit,
             @Option(names = "--next", paramLabel = "TOKEN",
                     description = "The \"next\" token of the previous page (default: the first page).") String next,
             @Mixin ApiOptions target) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", status);
        query.put("lane", lane);
        query.put("category", category);
        query.put("limit", limit == null ? null : limit.toString());
        query.put("next", next);
        List<String> parts = new ArrayList<>();
        query.forEach((k, v) -> {
            if (v != null) {
                parts.add(k + "=" + encode(v));
            }
        });
        return call(target, "GET", "/reviews" + (parts.isEmpty() ? "" : "?" + String.join("&", parts)), null);
    }

    /** One signed request to the review API of the target stack (shared with {@code incidents}). */
    static ReviewClient.Response send(ApiOptions target, Path home, String command, String method,
                                      String pathAndQuery, String body) {
        StackTarget stack = StackTarget.resolve(target.stack, target.api, null, home);
        if (stack.apiUrl() == null || stack.apiUrl().isBlank()) {
            throw new UsageException(command + ": the stack has no review API URL");
        }
        ReviewClient client = new ReviewClient(URI.create(stack.apiUrl()), stack.region(),
                DefaultCredentialsProvider.builder().build());
        return client.call(method, pathAndQuery, body);
    }

    private int call(ApiOptions target, String method, String pathAndQuery, String body) {
        ReviewClient.Response r = send(target, home, "review", method, pathAndQuery, body);
        if (r.status() == 204) {
            out.println("no record is waiting for review");
            return 0;
        }
        out.println(target.json ? pretty(r.body()) : readable(r, "review", ReviewCommand::readable));
        return r.status() < 300 ? 0 : 1;
    }

    /**
     * An answer as a person reads it: {@code body} renders a success; an error is one line with the API's code and
     * message; a body that is not JSON is shown as text, control characters escaped.
     */
    static String readable(ReviewClient.Response r, String command,
                           java.util.function.Function<JsonNode, String> body) {
        JsonNode n;
        try {
            n = MAPPER.readTree(r.body());
        } catch (java.io.IOException e) {
            return ReviewText.safe(r.body());
        }
        if (r.status() >= 300) {
            return command + ": HTTP " + r.status() + " " + n.path("error").asText("") + ": "
                    + ReviewText.safe(n.path("message").asText(r.body()));
        }
        return body.apply(n);
    }

    /** What a reviewer reads: the view with its evidence marked, a listing or a status. */
    private static String readable(JsonNode n) {
        if (n.has("schema") && n.path("schema").asText().startsWith("secondlook.review-view/")) {
            return ReviewText.view(n);
        }
        if (n.has("items")) {
            return ReviewText.list(n);
        }
        if (n.has("reviewId") && n.has("status")) {
            return ReviewText.safe(n.path("reviewId").asText()) + ": " + n.path("status").asText()
                    + (n.has("leaseExpiresAt") ? ", yours until " + n.path("leaseExpiresAt").asText() : "")
                    + (n.has("message") ? "\n" + ReviewText.safe(n.path("message").asText()) : "");
        }
        if (n.has("lanes")) {
            StringBuilder b = new StringBuilder();
            for (JsonNode lane : n.path("lanes")) {
                b.append(b.length() == 0 ? "" : "\n").append(String.format("%-9s %5d waiting", lane.path("lane")
                        .asText() + ":", lane.path("waiting").asInt()));
                if (!lane.path("oldestCreatedAt").isNull()) {
                    b.append(", oldest written ").append(lane.path("oldestCreatedAt").asText()).append(", next due ")
                            .append(lane.path("nextDueAt").asText());
                }
            }
            return b + (n.path("partial").asBoolean() ? "\n(counted the first "
                    + dev.secondlook.core.review.ReviewWorkflow.MAX_OVERVIEW + " waiting records)" : "");
        }
        return n.toPrettyString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String pretty(String body) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(MAPPER.readTree(body));
        } catch (java.io.IOException e) {
            return body;
        }
    }
}
