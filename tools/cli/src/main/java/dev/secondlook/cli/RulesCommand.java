package dev.secondlook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.judge.JudgeBudget;
import dev.secondlook.core.judge.JudgedRecord;
import dev.secondlook.core.judge.RecordJudge;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.Judgement;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyException;
import dev.secondlook.core.policy.PolicyLoader;
import dev.secondlook.core.policy.PolicyTestSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ./secondlook rules test|check}: the same policy engine, reader and normalisers as IngestFunction, run
 * on local files.
 */
@Command(name = "rules", description = "Runs the policy engine that IngestFunction uses, on local files.")
final class RulesCommand {

    /** A subcommand's body, which may fail on a policy or a file. */
    private interface Body {
        int run() throws IOException;
    }

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream stdin;

    RulesCommand(PrintStream out, PrintStream err, InputStream stdin) {
        this.out = out;
        this.err = err;
        this.stdin = stdin;
    }

    @Command(name = "test",
            description = {"Runs the policy's examples.",
                    "A line per category; on any mismatch, a diff of each failing example and exit 1."})
    int test(@Option(names = "--policy", paramLabel = "FILE",
                     description = "The policy YAML (default: the bundled default policy).") String policyFile,
             @Option(names = "--tests", paramLabel = "FILE",
                     description = "The examples YAML (default: NAME.tests.yaml beside --policy NAME.yaml, else the "
                             + "bundled default policy's examples).") String testsFile) {
        return reportingPolicyErrors(() -> runExamples(policyFile, testsFile));
    }

    @Command(name = "check",
            description = {"Judges a log file with the policy.",
                    "Any supported format, gzip or plain: one JSON line per record on stdout, a summary on stderr."})
    int check(@Option(names = "--policy", paramLabel = "FILE",
                      description = "The policy YAML (default: the bundled default policy).") String policyFile,
              @Option(names = "--input", paramLabel = "FILE|-", defaultValue = "-",
                      description = "The log file, or - for stdin (default: ${DEFAULT-VALUE}).") String input) {
        return reportingPolicyErrors(() -> judgeLog(policyFile, input));
    }

    private int reportingPolicyErrors(Body body) {
        try {
            return body.run();
        } catch (PolicyException e) {
            err.println("secondlook rules: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Policy policy(String file) throws IOException {
        return file == null ? PolicyLoader.loadDefault() : PolicyLoader.load(Files.readAllBytes(Path.of(file)));
    }

    private int runExamples(String policyFile, String testsFile) throws IOException {
        Policy policy = policy(policyFile);
        byte[] tests;
        String source;
        if (testsFile != null) {
            source = testsFile;
            tests = Files.readAllBytes(Path.of(source));
        } else if (policyFile != null) {
            source = policyFile.replaceFirst("\\.ya?ml$", "") + ".tests.yaml";
            if (!Files.isRegularFile(Path.of(source))) {
                throw new UsageException("no examples for " + policyFile + ": expected " + source
                        + " beside it; pass --tests FILE");
            }
            tests = Files.readAllBytes(Path.of(source));
        } else {
            source = "bundled default-policy.tests.yaml";
            try (InputStream in = RulesCommand.class.getResourceAsStream("/secondlook/default-policy.tests.yaml")) {
                tests = in.readAllBytes();
            }
        }
        PolicyTestSuite.Report report = PolicyTestSuite.parse(tests).run(policy);
        out.printf("policy %s (%s), %d rules; examples from %s%n", policy.name(), policy.version(),
                policy.ruleCount(), source);
        report.perCategory().forEach((category, c) -> out.printf("  %-26s %3d positive %3d negative  %s%n",
                category, c[0], c[1], c[2] == 0 ? "ok" : c[2] + " FAILED"));
        for (PolicyTestSuite.Failure f : report.failures()) {
            PolicyTestSuite.Example ex = f.example();
            out.println();
            out.println("FAIL " + ex.label());
            out.println("  output:   " + ex.interaction().output());
            out.println("  expected: " + (ex.positive() ? "" : "not ") + ex.category());
            out.println("  judged:   " + f.judged() + " by rules " + f.rules());
        }
        if (report.holdExamples() > 0) {
            out.printf("  %-26s %3d examples            %s%n", "hold (the gate)", report.holdExamples(),
                    report.holdFailures().isEmpty() ? "ok" : report.holdFailures().size() + " FAILED");
        }
        for (PolicyTestSuite.HoldFailure f : report.holdFailures()) {
            PolicyTestSuite.HoldExample ex = f.example();
            out.println();
            out.println("FAIL " + ex.label());
            out.println("  output:   " + ex.interaction().output());
            out.println("  expected: " + (ex.hold() ? "hold" : "deliver")
                    + (ex.timeoutSeconds() == null ? "" : ", timeout " + ex.timeoutSeconds() + " s")
                    + (ex.onTimeout() == null ? "" : ", on timeout " + ex.onTimeout()));
            out.println("  decided:  " + (f.decided().hold() ? "hold " + f.decided().reasons() : "deliver")
                    + ", timeout " + f.decided().terms().timeout().toSeconds() + " s, on timeout "
                    + f.decided().terms().onTimeout().wireName() + "; judged " + f.judged());
        }
        int total = report.examples() + report.holdExamples();
        int failed = report.failures().size() + report.holdFailures().size();
        out.printf("%n%d passed, %d failed%n", total - failed, failed);
        return report.passed() ? 0 : 1;
    }

    private int judgeLog(String policyFile, String input) throws IOException {
        Policy policy = policy(policyFile);
        ObjectMapper mapper = new ObjectMapper();
        RecordNormalizer normalizer = RecordNormalizer.offline();
        Map<String, Long> byDecision = new TreeMap<>();
        Map<String, Long> byFormat = new TreeMap<>();
        Map<String, Long> byCategory = new TreeMap<>();
        InputStream in = input.equals("-") ? stdin : Files.newInputStream(Path.of(input));
        String name = input.equals("-") ? "stdin" : Path.of(input).getFileName().toString();
        long records = 0;
        // the same reader, normalisers, judge budget and quarantine reasons as IngestFunction: one record that is
        // too long, too slow or throws ends as "rejected" (judge-failed), never as a crash of the command
        RecordJudge judge = new RecordJudge(normalizer, policy, JudgeBudget.defaults(), mapper);
        try (RecordJudge.Records judged = judge.open(in, new ObjectRef("local", name, null, null, -1),
                8 * 1024 * 1024, Long.MAX_VALUE)) {
            JudgedRecord r;
            while ((r = judged.next()) != null) {
                records++;
                if (r instanceof JudgedRecord.Judged j) {
                    Interaction i = j.interaction();
                    emit(mapper, j.line(), i.recordId(), i.format(), j.judgement().decision().wireName(),
                            j.judgement(), null, byDecision, byFormat, byCategory);
                } else if (r instanceof JudgedRecord.Skipped s) {
                    emit(mapper, s.line(), null, null, "skipped", null, s.code() + ": " + s.detail(), byDecision,
                            byFormat, byCategory);
                } else {
                    JudgedRecord.Rejected x = (JudgedRecord.Rejected) r;
                    emit(mapper, x.line(), null, null, "rejected", null, x.code() + ": " + x.detail(), byDecision,
                            byFormat, byCategory);
                }
            }
        }
        err.printf("%s: %d records; decisions %s; formats %s; categories %s; policy %s%n", name, records,
                byDecision, byFormat, byCategory, policy.version());
        return 0;
    }

    private void emit(ObjectMapper mapper, long line, String recordId, String format, String decision, Judgement j,
                      String reason, Map<String, Long> byDecision, Map<String, Long> byFormat,
                      Map<String, Long> byCategory) throws IOException {
        ObjectNode o = mapper.createObjectNode();
        o.put("line", line);
        o.put("recordId", recordId);
        o.put("format", format);
        o.put("decision", decision);
        ArrayNode cats = o.putArray("categories");
        ArrayNode rules = o.putArray("rules");
        if (j != null) {
            j.categories().forEach(c -> {
                cats.add(c);
                byCategory.merge(c, 1L, Long::sum);
            });
            j.ruleIds().forEach(rules::add);
            o.put("inclusionProbability", j.inclusionProbability());
            o.put("route", j.route());
        } else {
            o.putNull("inclusionProbability");
        }
        o.put("reason", reason);
        out.println(mapper.writeValueAsString(o));
        byDecision.merge(decision, 1L, Long::sum);
        byFormat.merge(format == null ? "(none)" : format, 1L, Long::sum);
    }
}
