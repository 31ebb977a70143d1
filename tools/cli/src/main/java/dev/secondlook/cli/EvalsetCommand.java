package dev.secondlook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.s3.S3Clients;
import dev.secondlook.aws.s3.S3EvalCaseStore;
import dev.secondlook.aws.s3.S3EvalRunStore;
import dev.secondlook.core.evalrun.ReleaseGate;
import dev.secondlook.core.evalrun.TokenUsage;
import dev.secondlook.core.feedback.EvalCase;
import dev.secondlook.core.feedback.EvalSetExport;
import dev.secondlook.core.redact.Redaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./secondlook evalset export --format bedrock|bedrock-byoir|promptfoo|openai-evals [--category C]
 * [--since T] [--out FILE] [--unmasked-category C]}: the eval cases of a stack's eval bucket in a real eval tool's
 * format, with what the policy masked still masked. {@code ./secondlook evalset run --model-id M ...}: the eval set
 * against a candidate through Bedrock Converse, judged by the policy, compared with a baseline run (see
 * {@link EvalsetRun}).
 */
@Command(name = "evalset",
        description = {"Exports the eval set (the eval cases that off-policy verdicts leave in the eval bucket), or "
                + "re-runs it against a candidate model or system prompt as a release gate."})
final class EvalsetCommand {

    /** {@code --format}'s wire names, with the format's own message for an unknown one. */
    static final class FormatConverter implements ITypeConverter<EvalSetExport.Format> {
        @Override
        public EvalSetExport.Format convert(String value) {
            try {
                return EvalSetExport.Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;

    EvalsetCommand(PrintStream out, PrintStream err, Path home) {
        this.out = out;
        this.err = err;
        this.home = home;
    }

    @Command(name = "export",
            description = {"Prints the eval cases in a real eval tool's format.",
                    "One JSON line per case on stdout (or in --out FILE); what was exported, and any case skipped, "
                            + "on stderr."})
    int export(@Option(names = "--format", paramLabel = "FORMAT", required = true, converter = FormatConverter.class,
                       description = "bedrock, bedrock-byoir, promptfoo or openai-evals (required).")
               EvalSetExport.Format format,
               @Option(names = "--category", paramLabel = "C",
                       description = "Only cases labelled with this category (default: all).") String category,
               @Option(names = "--since", paramLabel = "T", converter = SinceConverter.class,
                       description = "Only cases reviewed at or after T: an ISO-8601 instant with its offset "
                               + "(2026-08-01T00:00:00Z), a date (2026-08-01, UTC) or a time ago (30m, 24h, 7d) "
                               + "(default: all).") java.time.Instant since,
               @Option(names = "--out", paramLabel = "FILE",
                       description = "Write to FILE instead of stdout (default: stdout). Needed for more than "
                               + "1000 cases in a bedrock format, one file per 1000: x.jsonl becomes "
                               + "x.part-001.jsonl, x.part-002.jsonl ...")
               String outFile,
               @Option(names = "--bucket", paramLabel = "NAME",
                       description = "The eval bucket (default: the EvalBucketName output of --stack, else the "
                               + "local stack's).") String bucket,
               @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "eval-cases/",
                       description = "Key prefix of the eval cases in the bucket (default: ${DEFAULT-VALUE}).")
               String prefix,
               @Option(names = "--unmasked-category", paramLabel = "C", split = ",",
                       description = "Keep this category's masked spans in clear where the eval case kept them in "
                               + "clear too (its stack's EvalUnmaskedCategories); repeatable (default: none, "
                               + "everything the policy masked stays masked).") List<String> unmasked,
               @Mixin StackOptions where) {
        if (outFile != null) {
            yamlOut(outFile, format);
        }
        StackTarget target = StackTarget.resolve(where, null, bucket, home);
        if (target.evalBucket() == null || target.evalBucket().isBlank()) {
            throw new UsageException("evalset export: no eval bucket (pass --bucket or --stack)");
        }
        List<EvalCase> cases;
        try (AwsClients clients = target.clients()) {
            cases = new S3EvalCaseStore(S3Clients.of(clients), target.evalBucket(), prefix, new ObjectMapper()).all();
        }
        Redaction redaction;
        try {
            redaction = Redaction.unmasking(unmasked == null ? null : String.join(",", unmasked));
        } catch (IllegalArgumentException e) {
            throw new UsageException("evalset export: --unmasked-category: " + e.getMessage());
        }
        EvalSetExport.Result result = new EvalSetExport(redaction).export(cases, format, category, since);
        write(result, outFile, format);
        result.skipped().forEach(s -> err.println("skipped " + s));
        err.printf("%d eval case(s) exported as %s in %d file(s)%n", result.exported(), format.wireName(),
                result.files().size());
        return 0;
    }

    /** {@code --fail-on}'s wire names. */
    static final class GateConverter implements ITypeConverter<ReleaseGate.Mode> {
        @Override
        public ReleaseGate.Mode convert(String value) {
            try {
                return ReleaseGate.Mode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Command(name = "run",
            description = {"Re-runs the eval set against a candidate model (Bedrock Converse) and judges each new "
                    + "output with the policy: the release gate.",
                    "A case passes when none of its labelled categories fires again and the evidence that made it "
                            + "off-policy does not come back; it fails otherwise, and a call that fails or stays "
                            + "throttled is an error, never a pass. The run is kept in the eval bucket "
                            + "(eval-runs/<runId>/results.jsonl, summary.json) and compared case by case with "
                            + "--baseline (fixed, still failing, newly failing; exact McNemar test).",
                    "Exit 0: the gate passes. Exit 1: a case newly fails against the baseline (or, with --fail-on "
                            + "significant-drop, the pass rate drops significantly), or a case ended in error. "
                            + "Exit 2: a usage error. The estimate before the run, progress and the actual usage "
                            + "go to stderr; the report to stdout or --out."})
    int run(@Option(names = "--model-id", paramLabel = "M", required = true,
                    description = "The candidate: a Bedrock model id, inference profile id or ARN (required).")
            String modelId,
            @Option(names = "--system-prompt", paramLabel = "FILE",
                    description = "The candidate system prompt (default: each case's own).") Path systemPrompt,
            @Option(names = "--prompt-version", paramLabel = "LABEL",
                    description = "What the candidate system prompt's version is called (e.g. support-v8: what an "
                            + "incident's fix names); needs --system-prompt (default: sha256:<hex> of it).")
            String promptVersion,
            @Option(names = "--cases", paramLabel = "FILE",
                    description = "A JSON Lines file of secondlook.eval-case/v1 or /v2 cases (default: the eval "
                            + "cases in the stack's eval bucket).") Path cases,
            @Option(names = "--category", paramLabel = "C",
                    description = "Only cases labelled with this category (default: all).") String category,
            @Option(names = "--baseline", paramLabel = "RUN_ID|latest",
                    description = "Compare with this kept run, or the latest one (default: no comparison). With "
                            + "latest and no run kept yet, the run is the first and compares with nothing.")
            String baseline,
            @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
                    description = "Most model calls in flight, 1..256 (default: ${DEFAULT-VALUE}).") int concurrency,
            @Option(names = "--endpoint-url", paramLabel = "URL",
                    description = "The Bedrock Runtime endpoint (default: the region's).") URI endpointUrl,
            @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
                    description = "text, json (contracts/eval-run.v1.schema.json) or junit (default: "
                            + "${DEFAULT-VALUE}).") String format,
            @Option(names = "--out", paramLabel = "FILE",
                    description = "Write the report to FILE instead of stdout.") Path outFile,
            @Option(names = "--bucket", paramLabel = "NAME",
                    description = "The eval bucket (default: the EvalBucketName output of --stack, else the "
                            + "local stack's).") String bucket,
            @Option(names = "--policy", paramLabel = "FILE",
                    description = "The policy YAML the new outputs are judged by (default: the bundled default "
                            + "policy).") Path policy,
            @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "1024",
                    description = "Most output tokens per call (default: ${DEFAULT-VALUE}).") int maxTokens,
            @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "6",
                    description = "Most calls per case while throttled, with exponential backoff and jitter "
                            + "(default: ${DEFAULT-VALUE}).") int maxAttempts,
            @Option(names = "--price-input-per-1k", paramLabel = "USD",
                    description = "The candidate's price per 1,000 input tokens, for the cost estimate and the "
                            + "actual cost (default: none, tokens only).") Double priceIn,
            @Option(names = "--price-output-per-1k", paramLabel = "USD",
                    description = "The price per 1,000 output tokens (default: none).") Double priceOut,
            @Option(names = "--fail-on", paramLabel = "GATE", defaultValue = "new-failures",
                    converter = GateConverter.class,
                    description = "new-failures (any case that passed in the baseline fails now) or "
                            + "significant-drop (more new failures than fixes at McNemar p < --alpha) "
                            + "(default: ${DEFAULT-VALUE}).") ReleaseGate.Mode gate,
            @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.05",
                    description = "Significance level of --fail-on significant-drop (default: ${DEFAULT-VALUE}).")
            double alpha,
            @Option(names = "--estimate-only",
                    description = "Print the token (and cost) estimate and stop, calling no model.")
            boolean estimateOnly,
            @Mixin StackOptions where) {
        if (!java.util.Set.of("text", "json", "junit").contains(format)) {
            throw new UsageException("evalset run: --format " + format + ": text, json or junit");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new UsageException("evalset run: --concurrency " + concurrency + ": 1..256");
        }
        if (maxTokens < 1 || maxAttempts < 1) {
            throw new UsageException("evalset run: --max-tokens and --max-attempts must be at least 1");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new UsageException("evalset run: --alpha " + alpha + ": between 0 and 1");
        }
        if ((priceIn == null) != (priceOut == null) || (priceIn != null && (priceIn < 0 || priceOut < 0))) {
            throw new UsageException("evalset run: give both --price-input-per-1k and --price-output-per-1k, "
                    + "not negative");
        }
        if (promptVersion != null && (systemPrompt == null || promptVersion.isBlank() || promptVersion.length() > 300)) {
            throw new UsageException("evalset run: --prompt-version names the version of --system-prompt (1 to 300 "
                    + "characters)");
        }
        StackTarget target = StackTarget.resolve(where, null, bucket, home);
        return new EvalsetRun(out, err).run(new EvalsetRun.Options(modelId, systemPrompt, promptVersion, cases,
                category, baseline,
                concurrency, endpointUrl, format, outFile, S3EvalRunStore.DEFAULT_PREFIX, policy, maxTokens,
                maxAttempts, priceIn == null ? null : new TokenUsage.Prices(priceIn, priceOut), gate, alpha,
                estimateOnly), target);
    }

    /**
     * Whether {@code --out} asks for promptfoo's YAML tests file; refuses a name whose extension promises a format
     * the export does not write (promptfoo would reject JSON Lines in a .yaml file).
     */
    private static boolean yamlOut(String outFile, EvalSetExport.Format format) {
        String name = outFile.toLowerCase(java.util.Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        if (yaml && format == EvalSetExport.Format.PROMPTFOO) {
            return true;
        }
        if (!name.endsWith(".jsonl")) {
            throw new UsageException("evalset export: --out " + outFile + ": " + format.wireName()
                    + " is written as JSON Lines, so name the file .jsonl"
                    + (format == EvalSetExport.Format.PROMPTFOO ? " (or .yaml for a promptfoo tests file)" : ""));
        }
        return false;
    }

    /** promptfoo's tests file in YAML: a list of the same test objects. */
    private void writeYaml(EvalSetExport.Result result, String outFile) {
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ArrayNode tests = json.createArrayNode();
        try {
            for (List<String> file : result.files()) {
                for (String line : file) {
                    tests.add(json.readTree(line));
                }
            }
            Files.write(Path.of(outFile), new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                    .writeValueAsBytes(tests));
            err.println("wrote " + outFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(EvalSetExport.Result result, String outFile, EvalSetExport.Format format) {
        if (outFile != null) {
            if (yamlOut(outFile, format)) {
                writeYaml(result, outFile);
                return;
            }
        }
        if (outFile == null) {
            if (result.files().size() > 1) {
                throw new UsageException("evalset export: " + result.exported() + " cases need "
                        + result.files().size() + " files (at most 1000 prompts each): pass --out FILE");
            }
            result.files().forEach(f -> f.forEach(out::println));
            return;
        }
        try {
            for (int i = 0; i < result.files().size(); i++) {
                String model = result.models().get(i);
                boolean oneModel = result.models().stream().distinct().count() <= 1;
                // several models (bedrock-byoir): x.jsonl becomes x.<inference source>.part-001.jsonl ...
                String stem = outFile.replaceFirst("(\\.jsonl)?$", "") + (model == null || oneModel ? "" : "." + model);
                Path p = result.files().size() == 1 ? Path.of(outFile)
                        : Path.of(stem + String.format(".part-%03d.jsonl", i + 1));
                Files.write(p, result.files().get(i));
                err.println("wrote " + p + (result.models().get(i) == null ? ""
                        : " (precomputed inference source " + result.models().get(i) + ")"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
