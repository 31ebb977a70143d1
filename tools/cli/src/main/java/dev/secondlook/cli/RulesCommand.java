package dev.secondlook.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.judge.JudgeBudget;
import dev.secondlook.core.judge.JudgedRecord;
import dev.secondlook.core.judge.OrderedJudging;
import dev.secondlook.core.judge.RecordJudge;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.Judgement;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyException;
import dev.secondlook.core.policy.PolicyLoader;
import dev.secondlook.core.policy.PolicyTestSuite;
import dev.secondlook.core.feedback.EvalCase;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.similar.Exemplar;
import dev.secondlook.core.similar.ExemplarSource;
import dev.secondlook.core.policy.ThresholdTuning;
import dev.secondlook.similar.SentenceEmbedder;
import dev.secondlook.similar.SimilarPolicies;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code ./secondlook rules test|check|tune}: the same policy engine, reader and normalisers as IngestFunction,
 * run on local files; a policy's {@code similar} rules run with the same in-process model, on its written examples
 * and on the eval cases of {@code --eval-cases DIR} (the eval bucket's {@code eval-cases/}, e.g. after
 * {@code aws s3 sync}).
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
                             + "bundled default policy's examples).") String testsFile,
             @Option(names = "--eval-cases", paramLabel = "DIR",
                     description = "Eval cases (JSON, as in the eval bucket's eval-cases/) used as exemplars by "
                             + "the similar rules (default: none, the policy's written examples only).")
             String evalCases) {
        return reportingPolicyErrors(() -> runExamples(policyFile, testsFile, evalCases));
    }

    @Command(name = "tune",
            description = {"Suggests thresholds for the policy's similar rules from labelled outputs.",
                    "Per category: precision and recall of the rules alone, and with the matcher at each "
                            + "threshold; the lowest threshold that reaches --target-precision (else the best F1)."})
    int tune(@Option(names = "--policy", paramLabel = "FILE",
                     description = "The policy YAML (default: the bundled default policy).") String policyFile,
             @Option(names = "--labelled", paramLabel = "FILE", required = true,
                     description = "JSON lines {\"output\": ..., \"category\": C or \"none\"}, e.g. "
                             + "benchmarks/similar/outputs.jsonl.") String labelled,
             @Option(names = "--split", paramLabel = "NAME",
                     description = "Only the lines of this split (their \"split\" field) are scored (default: "
                             + "every line not taken by --exemplar-split).") String split,
             @Option(names = "--exemplar-split", paramLabel = "NAME",
                     description = "Lines of this split are reviewers' verdicts: off-policy ones exemplars, near "
                             + "misses (category none, \"resembles\": C) counter-examples (default: none).")
             String exemplarSplit,
             @Option(names = "--eval-cases", paramLabel = "DIR",
                     description = "Eval cases (JSON) used as exemplars (default: none).") String evalCases,
             @Option(names = "--target-precision", defaultValue = "0.85",
                     description = "Precision a suggestion must reach (default: ${DEFAULT-VALUE}).") double target) {
        return reportingPolicyErrors(() -> runTune(policyFile, labelled, split, exemplarSplit, evalCases, target));
    }

    @Command(name = "check",
            description = {"Judges a log file with the policy.",
                    "Any supported format, gzip or plain: one JSON line per record on stdout, a summary on stderr."})
    int check(@Option(names = "--policy", paramLabel = "FILE",
                      description = "The policy YAML (default: the bundled default policy).") String policyFile,
              @Option(names = "--input", paramLabel = "FILE|-", defaultValue = "-",
                      description = "The log file, or - for stdin (default: ${DEFAULT-VALUE}).") String input,
              @Option(names = "--eval-cases", paramLabel = "DIR",
                      description = "Eval cases (JSON) used as exemplars by the similar rules (default: none).")
              String evalCases,
              @Option(names = "--threads", paramLabel = "N",
                      description = "Threads that run the policy; the output keeps the log's order (default: one "
                              + "per processor).") Integer threads) {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1 || n > 64) {
            err.println("secondlook rules: --threads must be between 1 and 64");
            return 2;
        }
        return reportingPolicyErrors(() -> judgeLog(policyFile, input, evalCases, n));
    }

    private int reportingPolicyErrors(Body body) {
        try {
            return body.run();
        } catch (PolicyException e) {
            err.println("secondlook rules: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            modelLoad.finish();
        }
    }

    private static final SentenceEmbedder EMBEDDER = new SentenceEmbedder();

    private final ModelLoad modelLoad = new ModelLoad(EMBEDDER);

    /**
     * The policy, its similar rules bound to the model. When its text names a similar rule, the model starts loading
     * on a thread of its own before the policy is compiled: the two take about as long (0.3-0.7 s each), and on a
     * small log the load would otherwise wait for the first record that passes a similar rule's gate.
     */
    private Policy policy(String file, ExemplarSource evalSet) throws IOException {
        byte[] yaml = file == null ? PolicyLoader.defaultFile() : Files.readAllBytes(Path.of(file));
        if (ModelLoad.mayHaveSimilarRules(yaml)) {
            modelLoad.start();
        }
        return SimilarPolicies.bind(PolicyLoader.load(yaml), EMBEDDER, evalSet, Clock.systemUTC());
    }

    /** The off-policy cases of a directory of eval case files: one exemplar per (case, label). */
    private static ExemplarSource evalCases(String dir) throws IOException {
        if (dir == null) {
            return ExemplarSource.NONE;
        }
        ObjectMapper mapper = new ObjectMapper();
        List<Exemplar> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
                EvalCase c = mapper.readValue(f.toFile(), EvalCase.class);
                for (String label : c.labels()) {
                    out.add(Exemplar.ofEvalCase(label, c.offPolicyOutput(), c.caseId()));
                }
            }
        }
        List<Exemplar> all = List.copyOf(out);
        return () -> all;
    }

    private int runTune(String policyFile, String labelledFile, String split, String exemplarSplit, String evalCases,
                        double target) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<ThresholdTuning.Labelled> labelled = new ArrayList<>();
        List<Exemplar> verdicts = new ArrayList<>(evalCasesList(evalCases));
        int n = 0;
        for (String line : Files.readAllLines(Path.of(labelledFile))) {
            if (line.isBlank()) {
                continue;
            }
            n++;
            JsonNode row = mapper.readTree(line);
            String rowSplit = row.path("split").asText(null);
            String category = row.path("category").asText("none");
            String output = row.path("output").asText("");
            String id = row.path("id").asText("line-" + n);
            if (exemplarSplit != null && exemplarSplit.equals(rowSplit)) {
                if (!category.equals("none")) {
                    verdicts.add(Exemplar.ofEvalCase(category, output, id));
                } else if (row.hasNonNull("resembles")) {
                    verdicts.add(Exemplar.passedCase(row.get("resembles").asText(), output, id));
                }
            } else if (split == null || split.equals(rowSplit)) {
                labelled.add(new ThresholdTuning.Labelled(new Interaction(id, "labelled",
                        new SourceRef("local", labelledFile, null, null, n), null, "Converse", "", Map.of(), "", "",
                        output, null, null, null, null, null, false),
                        category.equals("none") ? Set.of() : Set.of(category)));
            }
        }
        List<Exemplar> all = List.copyOf(verdicts);
        Policy policy = policy(policyFile, () -> all);
        if (policy.similarCategories().isEmpty()) {
            throw new UsageException("the policy has no similar rules to tune");
        }
        List<Double> thresholds = new ArrayList<>();
        for (int t = 30; t <= 90; t += 5) {
            thresholds.add(t / 100.0);
        }
        out.printf("policy %s (%s): %d labelled outputs, %d verdicts as exemplars%n", policy.name(), policy.version(),
                labelled.size(), all.size());
        ThresholdTuning.sweep(policy, labelled, thresholds, target).forEach((c, rep) -> {
            out.printf("%n%s (%d positives)%n", c, rep.rulesOnly().positives());
            out.printf(Locale.ROOT, "  %-14s precision %5.1f %%  recall %5.1f %%%n", "rules only",
                    100 * rep.rulesOnly().precision(), 100 * rep.rulesOnly().recall());
            for (ThresholdTuning.Point p : rep.sweep()) {
                out.printf(Locale.ROOT, "  %-14s precision %5.1f %%  recall %5.1f %%  (%d found, %d false)%s%n",
                        String.format(Locale.ROOT, "+ similar %.2f", p.threshold()), 100 * p.precision(),
                        100 * p.recall(), p.truePositives(), p.falsePositives(),
                        p == rep.suggested() ? "  <- suggested" : "");
            }
        });
        if (!ThresholdTuning.jointFits(policy, thresholds)) {
            out.printf("%nall categories together: %d categories are too many to try every combination of "
                    + "thresholds; take each category's suggestion%n", policy.similarCategories().size());
            return 0;
        }
        ThresholdTuning.JointSuggestion joint = ThresholdTuning.joint(policy, labelled, thresholds, target);
        if (joint == null) {
            out.printf(Locale.ROOT, "%nall categories together: no combination of thresholds reaches %.0f %% "
                    + "precision%n", 100 * target);
        } else {
            out.printf(Locale.ROOT, "%nall categories together (the most recall at %.0f %% precision; among equals "
                    + "the fewest false alarms, then the highest thresholds): precision %.1f %%  recall %.1f %%  (%d "
                    + "found, %d false)%n",
                    100 * target, 100 * joint.overall().precision(), 100 * joint.overall().recall(),
                    joint.overall().truePositives(), joint.overall().falsePositives());
            joint.thresholds().forEach((c, t) -> out.printf(Locale.ROOT, "  %-28s threshold %.2f%n", c, t));
        }
        return 0;
    }

    private static List<Exemplar> evalCasesList(String dir) throws IOException {
        return evalCases(dir).load();
    }

    private int runExamples(String policyFile, String testsFile, String evalCases) throws IOException {
        Policy policy = policy(policyFile, evalCases(evalCases));
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

    private int judgeLog(String policyFile, String input, String evalCases, int threads) throws IOException {
        // the input first: a mistyped file name is reported at once, not after the policy and the model have loaded
        InputStream in = input.equals("-") ? stdin : Files.newInputStream(Path.of(input));
        Policy policy;
        try {
            policy = policy(policyFile, evalCases(evalCases));
        } catch (IOException | RuntimeException e) {
            if (in != stdin) {
                in.close();
            }
            throw e;
        }
        ObjectMapper mapper = new ObjectMapper();
        RecordNormalizer normalizer = RecordNormalizer.offline();
        Map<String, Long> byDecision = new TreeMap<>();
        Map<String, Long> byFormat = new TreeMap<>();
        Map<String, Long> byCategory = new TreeMap<>();
        String name = input.equals("-") ? "stdin" : Path.of(input).getFileName().toString();
        long records;
        // the same reader, normalisers, judge budget and quarantine reasons as IngestFunction: one record that is
        // too long, too slow or throws ends as "rejected" (judge-failed), never as a crash of the command; records
        // are judged on several threads and written in the log's order
        RecordJudge judge = new RecordJudge(normalizer, policy, JudgeBudget.defaults(), mapper).promptsWhenSelected();
        try (RecordJudge.Records judged = judge.open(in, new ObjectRef("local", name, null, null, -1),
                8 * 1024 * 1024, Long.MAX_VALUE)) {
            // one JSON line a record, written by one generator into 64 KB blocks (System.out flushes every line: one
            // system call each; a tree and a string per record cost the reading thread a tenth of its time). The
            // generator writes characters and the writer encodes them, as printing a string did: a character outside
            // the BMP stays itself (Jackson's UTF-8 generator would escape it) and a lone surrogate becomes '?'
            java.io.Writer block = new java.io.BufferedWriter(
                    new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8), 1 << 16);
            JsonGenerator lines = mapper.getFactory().createGenerator(block)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            lines.setRootValueSeparator(null);
            try {
                // up to 256 lines in flight, while those waiting hold fewer than 16 MB: enough read ahead that one
                // slow record does not idle the other threads
                records = OrderedJudging.run(judged, threads, 256, 16L << 20, r -> {
                    if (r instanceof JudgedRecord.Judged j) {
                        Interaction i = j.interaction();
                        emit(lines, j.line(), i.recordId(), i.format(), j.judgement().decision().wireName(),
                                j.judgement(), null, byDecision, byFormat, byCategory);
                    } else if (r instanceof JudgedRecord.Skipped s) {
                        emit(lines, s.line(), null, null, "skipped", null, s.code() + ": " + s.detail(),
                                byDecision, byFormat, byCategory);
                    } else {
                        JudgedRecord.Rejected x = (JudgedRecord.Rejected) r;
                        emit(lines, x.line(), null, null, "rejected", null, x.code() + ": " + x.detail(),
                                byDecision, byFormat, byCategory);
                    }
                });
            } finally {
                lines.flush();
            }
            if (out.checkError()) {
                // a full disk or a closed pipe: PrintStream keeps the error to itself; say so, and fail
                err.println("secondlook rules: cannot write the results (output closed or full)");
                return 1;
            }
        }
        err.printf("%s: %d records; decisions %s; formats %s; categories %s; policy %s%n", name, records,
                byDecision, byFormat, byCategory, policy.version());
        return 0;
    }

    /** One record's line: the fields and order the command has always written, then a newline. */
    private static void emit(JsonGenerator g, long line, String recordId, String format, String decision, Judgement j,
                             String reason, Map<String, Long> byDecision, Map<String, Long> byFormat,
                             Map<String, Long> byCategory) throws IOException {
        g.writeStartObject();
        g.writeNumberField("line", line);
        g.writeStringField("recordId", recordId);
        g.writeStringField("format", format);
        g.writeStringField("decision", decision);
        g.writeArrayFieldStart("categories");
        if (j != null) {
            for (String c : j.categories()) {
                g.writeString(c);
                byCategory.merge(c, 1L, Long::sum);
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("rules");
        if (j != null) {
            for (String rule : j.ruleIds()) {
                g.writeString(rule);
            }
        }
        g.writeEndArray();
        if (j != null) {
            g.writeNumberField("inclusionProbability", j.inclusionProbability());
            g.writeStringField("route", j.route());
        } else {
            g.writeNullField("inclusionProbability");
        }
        g.writeStringField("reason", reason);
        g.writeEndObject();
        g.writeRaw('\n');
        byDecision.merge(decision, 1L, Long::sum);
        byFormat.merge(format == null ? "(none)" : format, 1L, Long::sum);
    }
}
