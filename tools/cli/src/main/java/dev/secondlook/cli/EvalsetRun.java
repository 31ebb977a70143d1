package dev.secondlook.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.bedrock.BedrockConverseModel;
import dev.secondlook.aws.bedrock.BedrockRuntimeClients;
import dev.secondlook.aws.s3.S3Clients;
import dev.secondlook.aws.s3.S3EvalCaseStore;
import dev.secondlook.aws.s3.S3EvalRunStore;
import dev.secondlook.core.evalrun.BaselineComparison;
import dev.secondlook.core.evalrun.CaseResult;
import dev.secondlook.core.evalrun.EvalRun;
import dev.secondlook.core.evalrun.EvalRunStore;
import dev.secondlook.core.evalrun.JudgeCandidateOutput;
import dev.secondlook.core.evalrun.JunitReport;
import dev.secondlook.core.evalrun.ReleaseGate;
import dev.secondlook.core.evalrun.RunEvalSet;
import dev.secondlook.core.evalrun.TokenUsage;
import dev.secondlook.core.feedback.EvalCase;
import dev.secondlook.core.judge.JudgeBudget;
import dev.secondlook.core.judge.RecordJudge;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyException;
import dev.secondlook.core.policy.PolicyLoader;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./secondlook evalset run}: the eval set against a candidate, judged by the policy, kept in the eval bucket
 * and compared with a baseline run; the exit code is the release gate's verdict.
 */
final class EvalsetRun {

    /** Everything the command line says. */
    record Options(String modelId, Path systemPrompt, String promptVersion, Path casesFile, String category, String baseline,
                   int concurrency, URI endpointUrl, String format, Path out, String prefix,
                   Path policyFile, int maxTokens, int maxAttempts, TokenUsage.Prices prices, ReleaseGate.Mode gate,
                   double alpha, boolean estimateOnly) {
    }

    private static final Set<String> CASE_SCHEMAS = Set.of("secondlook.eval-case/v1", EvalCase.SCHEMA);

    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    EvalsetRun(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(Options o, StackTarget target) {
        if (target.evalBucket() == null || target.evalBucket().isBlank()) {
            throw new UsageException("evalset run: no eval bucket to keep the run in (pass --bucket or --stack)");
        }
        Policy policy = policy(o.policyFile());
        String systemPrompt = o.systemPrompt() == null ? null : read(o.systemPrompt());
        try (AwsClients clients = target.clients()) {
            List<EvalCase> cases = o.casesFile() != null ? casesFrom(o.casesFile())
                    : new S3EvalCaseStore(S3Clients.of(clients), target.evalBucket(), "eval-cases/", mapper).all();
            if (o.category() != null) {
                cases = cases.stream().filter(c -> c.labels().contains(o.category())).toList();
            }
            if (cases.isEmpty()) {
                throw new UsageException("evalset run: no eval cases to run"
                        + (o.category() == null ? "" : " in category " + o.category())
                        + (o.casesFile() == null ? " in s3://" + target.evalBucket() + "/eval-cases/" : " in "
                        + o.casesFile()));
            }
            TokenUsage estimate = TokenUsage.estimate(cases, systemPrompt, o.maxTokens(), o.prices());
            err.println("estimate: " + EvalRunText.usage(estimate) + " for " + cases.size() + " case(s) against "
                    + ReviewText.safe(o.modelId()));
            if (o.estimateOnly()) {
                return 0;
            }
            EvalRunStore store = new S3EvalRunStore(S3Clients.of(clients), target.evalBucket(), o.prefix(), mapper);
            EvalRun baseline = baseline(store, o.baseline());
            String runId = EvalRun.newRunId(Instant.now(), new SecureRandom());
            List<CaseResult> results;
            try (BedrockConverseModel model = new BedrockConverseModel(BedrockRuntimeClients.forCandidate(
                    Region.of(target.region()), DefaultCredentialsProvider.builder().build(), o.endpointUrl()),
                    o.maxTokens())) {
                JudgeCandidateOutput judge = new JudgeCandidateOutput(new RecordJudge(RecordNormalizer.offline(),
                        policy, JudgeBudget.defaults(), mapper));
                RunEvalSet.Settings settings = new RunEvalSet.Settings(o.concurrency(), o.maxAttempts(),
                        Duration.ofMillis(500), Duration.ofSeconds(20));
                AtomicInteger done = new AtomicInteger();
                int total = cases.size();
                results = new RunEvalSet(model, judge, settings, d -> Thread.sleep(d.toMillis()), new SecureRandom())
                        .run(cases, new RunEvalSet.Candidate(o.modelId(), systemPrompt), r -> err.printf(
                                "[%d/%d] %s %s%n", done.incrementAndGet(), total, r.status().wireName(),
                                ReviewText.safe(r.caseId())));
            }
            BaselineComparison comparison = baseline == null ? null
                    : BaselineComparison.compare(baseline.runId(), results, baseline.results());
            EvalRun run = EvalRun.of(runId, o.modelId(), Instant.now(), policy.version(),
                    systemPrompt == null ? null : sha256(systemPrompt), o.promptVersion(), results, comparison,
                    estimate, TokenUsage.actual(results, o.prices()));
            store.save(run);
            err.println("usage: " + EvalRunText.usage(run.usage()) + "; kept in s3://" + target.evalBucket() + "/"
                    + o.prefix() + runId + "/");
            write(o, run);
            List<String> blocking = ReleaseGate.blocking(run, o.gate(), o.alpha());
            err.println(blocking.isEmpty() ? "gate: pass" : "gate: BLOCK - " + String.join("; ", blocking));
            return blocking.isEmpty() ? 0 : 1;
        }
    }

    private EvalRun baseline(EvalRunStore store, String which) {
        if (which == null) {
            return null;
        }
        String id;
        if (which.equals("latest")) {
            Optional<String> latest = store.latestRunId();
            if (latest.isEmpty()) {
                err.println("baseline: no earlier run kept, nothing to compare with (this run becomes the first)");
                return null;
            }
            id = latest.get();
        } else if (EvalRun.isRunId(which)) {
            id = which;
        } else {
            throw new UsageException("evalset run: --baseline " + ReviewText.safe(which) + ": not a run id "
                    + "(like 20261130T064500120Z-3fa91c) nor latest");
        }
        return store.load(id).orElseThrow(() -> new UsageException("evalset run: --baseline " + id
                + ": no such complete run"));
    }

    private void write(Options o, EvalRun run) {
        String body;
        try {
            body = switch (o.format()) {
                case "json" -> mapper.writerWithDefaultPrettyPrinter().writeValueAsString(run) + "\n";
                case "junit" -> JunitReport.render(run);
                default -> EvalRunText.render(run);
            };
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (o.out() == null) {
            out.print(body);
            out.flush();
            return;
        }
        try {
            Files.writeString(o.out(), body, StandardCharsets.UTF_8);
            err.println("wrote " + o.out());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON Lines file of eval cases (version 1 or 2), blank lines skipped; each case id once. */
    List<EvalCase> casesFrom(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<EvalCase> cases = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = file + " line " + (i + 1);
            JsonNode json;
            try {
                json = mapper.readTree(line);
            } catch (JsonProcessingException e) {
                throw new UsageException("evalset run: " + where + ": not JSON");
            }
            if (!json.isObject() || !CASE_SCHEMAS.contains(json.path("schema").asText())) {
                throw new UsageException("evalset run: " + where + ": not an eval case (schema "
                        + String.join(" or ", CASE_SCHEMAS.stream().sorted().toList()) + ")");
            }
            if (!json.path("caseId").isTextual() || json.path("caseId").asText().isBlank()
                    || !json.path("prompt").isTextual() || !json.path("labels").isArray()) {
                throw new UsageException("evalset run: " + where + ": an eval case needs a caseId, a prompt and "
                        + "labels");
            }
            EvalCase c;
            try {
                c = mapper.treeToValue(json, EvalCase.class);
            } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
                throw new UsageException("evalset run: " + where + ": not a valid eval case");
            }
            if (!ids.add(c.caseId())) {
                throw new UsageException("evalset run: " + where + ": case " + ReviewText.safe(c.caseId())
                        + " appears twice");
            }
            cases.add(c);
        }
        return cases;
    }

    private static Policy policy(Path file) {
        try {
            return file == null ? PolicyLoader.loadDefault() : PolicyLoader.load(Files.readAllBytes(file));
        } catch (PolicyException e) {
            throw new UsageException("evalset run: --policy " + file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
