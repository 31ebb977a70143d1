package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.dynamodb.DynamoDbClients;
import dev.secondlook.aws.dynamodb.DynamoDbScorecardSource;
import dev.secondlook.core.scorecard.BuildScorecard;
import dev.secondlook.core.scorecard.Scorecard;
import dev.secondlook.aws.dynamodb.DynamoDbIncidentStore;
import dev.secondlook.core.incident.ExposureWindows;
import dev.secondlook.core.incident.Incident;
import dev.secondlook.core.scorecard.ExposureSection;
import dev.secondlook.core.scorecard.ScorecardHtml;
import dev.secondlook.core.scorecard.ScorecardJson;
import dev.secondlook.core.scorecard.ScorecardText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./secondlook report [--since T] [--until T] [--by category,model,route,policyVersion] [--format
 * text|json|html] [--out F] [--stack NAME]}: the scorecard of a window, read from the stack's review table.
 */
@Command(name = "report",
        description = {"The scorecard: estimated off-policy rates with 95 %% intervals, rule precision and recall, "
                + "reviewer agreement and SLA compliance, over a window.",
                "Reads the review table's counts and labels (never a prompt or an output): the local stack by "
                        + "default, a deployed one with --stack (needs dynamodb:Scan on its ReviewTable and "
                        + "kms:Decrypt on its DataKey). STATISTICS.md describes the method."})
final class ReportCommand implements Callable<Integer> {

    enum Format { text, json, html }

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;
    private final Clock clock;

    @Option(names = "--since", paramLabel = "T", converter = SinceConverter.class,
            description = "Window start: an ISO-8601 instant with its offset, a date (UTC) or a time ago (30m, 24h, "
                    + "7d) (default: 7 days before --until).")
    Instant since;

    @Option(names = "--until", paramLabel = "T", converter = SinceConverter.class,
            description = "Window end, exclusive, in the same forms (default: now).")
    Instant until;

    @Option(names = "--by", paramLabel = "DIMS", split = ",", defaultValue = "category",
            description = "Break the estimates down by any of category, model, route, policyVersion "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> by;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or html (one self-contained page) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout (default: stdout).")
    Path outFile;

    @Option(names = "--target", paramLabel = "CATEGORY=RATE", split = ",",
            description = "A target rate for a category, e.g. commitment=0.005; repeatable. The report says when "
                    + "an interval's lower bound is above it (default: none).")
    Map<String, Double> targets;

    @Option(names = "--table", paramLabel = "NAME",
            description = "The review table (default: the ReviewTableName output of --stack, else the local "
                    + "stack's).")
    String table;

    @Mixin
    StackOptions where;

    ReportCommand(PrintStream out, PrintStream err, Path home) {
        this(out, err, home, Clock.systemUTC());
    }

    ReportCommand(PrintStream out, PrintStream err, Path home, Clock clock) {
        this.out = out;
        this.err = err;
        this.home = home;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        Instant end = until != null ? until : clock.instant();
        Instant start = since != null ? since : end.minus(Duration.ofDays(7));
        if (!start.isBefore(end)) {
            throw new UsageException("report: --since must be before --until");
        }
        for (String d : by) {
            if (!BuildScorecard.DIMENSIONS.contains(d)) {
                throw new UsageException("report: --by " + d + ": use any of "
                        + String.join(", ", BuildScorecard.DIMENSIONS));
            }
        }
        Map<String, Double> goals = targets == null ? Map.of() : new LinkedHashMap<>(targets);
        goals.forEach((c, t) -> {
            if (!(t >= 0 && t <= 1)) {
                throw new UsageException("report: --target " + c + "=" + t + ": a rate between 0 and 1");
            }
        });
        Target target = resolve();
        Scorecard scorecard;
        ExposureSection exposure = null;
        try (AwsClients clients = target.clients()) {
            scorecard = new BuildScorecard(new DynamoDbScorecardSource(DynamoDbClients.of(clients), target.table()),
                    clock).build(start, end, by, goals);
            if (target.incidentTable() != null && !target.incidentTable().isBlank()) {
                exposure = exposure(new DynamoDbIncidentStore(DynamoDbClients.of(clients), target.incidentTable()),
                        start, end);
            }
        }
        ExposureSection incidents = exposure;
        String rendered = switch (format) {
            case text -> ScorecardText.render(scorecard) + (incidents == null ? "" : incidents.text());
            case json -> json(scorecard, incidents);
            case html -> ScorecardHtml.render(scorecard, incidents);
        };
        if (outFile == null) {
            out.print(rendered);
            out.flush();
            return 0;
        }
        try {
            Files.writeString(outFile, rendered, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        err.println(ScorecardText.headline(scorecard));
        err.println("wrote " + outFile);
        return 0;
    }

    /** The incidents opened in [start, end) and how fast each step followed delivery. */
    static ExposureSection exposure(DynamoDbIncidentStore store, Instant start, Instant end) {
        List<Incident> opened = store.list(null, null, 10_000).stream().filter(i -> {
            Instant at = Instant.parse(i.times().openedAt());
            return !at.isBefore(start) && at.isBefore(end);
        }).toList();
        return new ExposureSection(opened.size(), ExposureWindows.of(opened));
    }

    static String json(Scorecard s) {
        return json(s, null);
    }

    static String json(Scorecard s, ExposureSection incidents) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            var node = ScorecardJson.toJson(s);
            if (incidents != null) {
                node.set("incidents", incidents.json(mapper));
            }
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The review table (and the incident table, when known) and how to reach them. */
    record Target(String table, String region, String endpoint, String incidentTable) {

        AwsClients clients() {
            if (endpoint != null && !endpoint.isBlank()) {
                return AwsClients.forEndpoint(java.net.URI.create(endpoint), region, "testing", "testing");
            }
            return AwsClients.fromEnvironment(region);
        }
    }

    private Target resolve() {
        String region = where.region != null ? where.region : System.getenv().getOrDefault("AWS_REGION",
                System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        if (where.stack != null) {
            String name = table;
            String incidentTable = null;
            try (CloudFormationClient cfn = CloudFormationClient.builder().region(Region.of(region))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build()).build()) {
                for (Output o : cfn.describeStacks(b -> b.stackName(where.stack)).stacks().get(0).outputs()) {
                    if (o.outputKey().equals("ReviewTableName") && name == null) {
                        name = o.outputValue();
                    }
                    if (o.outputKey().equals("IncidentTableName")) {
                        incidentTable = o.outputValue();
                    }
                }
            }
            if (name == null) {
                throw new UsageException("report: stack " + where.stack + " has no ReviewTableName output: pass "
                        + "--table");
            }
            return new Target(name, region, null, incidentTable);
        }
        Path file = home.resolve(".secondlook/local/stack.json");
        if (Files.exists(file)) {
            try {
                JsonNode s = new ObjectMapper().readTree(file.toFile());
                return new Target(table != null ? table : s.path("reviewTable").asText(), s.path("region")
                        .asText(region), s.path("endpoint").asText(), s.path("incidentTable").asText(null));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage());
            }
        }
        if (table == null) {
            throw new UsageException("report: no stack: pass --stack NAME (a deployed stack), --table NAME, or run "
                    + "./secondlook local up first");
        }
        return new Target(table, region, System.getenv("AWS_ENDPOINT_URL"), null);
    }
}
