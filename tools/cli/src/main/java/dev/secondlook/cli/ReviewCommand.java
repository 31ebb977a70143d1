package dev.secondlook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ./secondlook review next | show ID | verdict ID ... | release ID | list}: the reviewer's client. Requests
 * are SigV4-signed with your AWS credentials (the default chain); the reviewer is whoever signs.
 */
final class ReviewCommand {

    private static final Set<String> KNOWN = Set.of("stack", "api", "region", "outcome", "category", "severity",
            "note", "correct", "status", "lane", "limit", "next");

    private final PrintStream out;
    private final Path home;

    ReviewCommand(PrintStream out, Path home) {
        this.out = out;
        this.home = home;
    }

    int run(String[] args) {
        if (args.length == 0) {
            throw new UsageException("review: expected next, show, verdict, release or list");
        }
        Options o = Options.parse(args, 1, KNOWN, Set.of());
        StackTarget target = StackTarget.resolve(o.single(), home);
        if (target.apiUrl() == null || target.apiUrl().isBlank()) {
            throw new UsageException("review: the stack has no review API URL");
        }
        ReviewClient client = new ReviewClient(URI.create(target.apiUrl()), target.region(),
                DefaultCredentialsProvider.builder().build());
        ReviewClient.Response r = switch (args[0]) {
            case "next" -> client.call("POST", "/reviews/claim", null);
            case "show" -> client.call("GET", "/reviews/" + id(o), null);
            case "release" -> client.call("POST", "/reviews/" + id(o) + "/release", null);
            case "verdict" -> client.call("POST", "/reviews/" + id(o) + "/verdict", verdictBody(o));
            case "list" -> client.call("GET", "/reviews" + query(o), null);
            default -> throw new UsageException("review: unknown subcommand '" + args[0] + "'");
        };
        if (r.status() == 204) {
            out.println("no record is waiting for review");
            return 0;
        }
        out.println(pretty(r.body()));
        return r.status() < 300 ? 0 : 1;
    }

    private static String id(Options o) {
        if (o.positional().size() != 1) {
            throw new UsageException("review: expected one review id");
        }
        return URLEncoder.encode(o.positional().get(0), StandardCharsets.UTF_8);
    }

    private static String verdictBody(Options o) {
        String outcome = o.get("outcome");
        if (outcome == null) {
            throw new UsageException("review verdict: --outcome on-policy|off-policy is required");
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode body = mapper.createObjectNode();
        body.put("outcome", outcome);
        ArrayNode cats = body.putArray("categories");
        o.all("category").forEach(cats::add);
        if (o.has("severity")) {
            body.put("severity", o.get("severity"));
        }
        if (o.has("note")) {
            body.put("note", o.get("note"));
        }
        if (o.has("correct")) {
            body.put("correctedResponse", o.get("correct"));
        }
        return body.toString();
    }

    private static String query(Options o) {
        List<String> parts = new ArrayList<>();
        for (String k : List.of("status", "lane", "category", "limit", "next")) {
            if (o.has(k)) {
                parts.add(k + "=" + URLEncoder.encode(o.get(k), StandardCharsets.UTF_8));
            }
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static String pretty(String body) {
        try {
            ObjectMapper m = new ObjectMapper();
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(m.readTree(body));
        } catch (java.io.IOException e) {
            return body;
        }
    }
}
