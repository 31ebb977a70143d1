package dev.secondlook.cli;

import dev.secondlook.aws.s3.S3Clients;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.s3.S3EvalCaseStore;
import dev.secondlook.core.feedback.EvalCase;
import dev.secondlook.core.feedback.EvalSetExport;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code ./secondlook evalset export --format bedrock|bedrock-byoir|promptfoo|openai-evals [--category C]
 * [--since T] [--out FILE]}: the eval cases of a stack's eval bucket in a real eval tool's format.
 */
final class EvalsetCommand {

    private static final Set<String> KNOWN = Set.of("format", "category", "since", "out", "stack", "bucket",
            "region", "prefix");

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;

    EvalsetCommand(PrintStream out, PrintStream err, Path home) {
        this.out = out;
        this.err = err;
        this.home = home;
    }

    int run(String[] args) {
        if (args.length == 0 || !args[0].equals("export")) {
            throw new UsageException("evalset: expected 'export'");
        }
        Options o = Options.parse(args, 1, KNOWN, Set.of());
        if (o.get("format") == null) {
            throw new UsageException("evalset export: --format is required");
        }
        EvalSetExport.Format format;
        try {
            format = EvalSetExport.Format.parse(o.get("format"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        StackTarget target = StackTarget.resolve(o.single(), home);
        if (target.evalBucket() == null || target.evalBucket().isBlank()) {
            throw new UsageException("evalset export: no eval bucket (pass --bucket or --stack)");
        }
        List<EvalCase> cases;
        try (AwsClients clients = target.clients()) {
            cases = new S3EvalCaseStore(S3Clients.of(clients), target.evalBucket(), o.single().getOrDefault("prefix",
                    "eval-cases/"), new ObjectMapper()).all();
        }
        EvalSetExport.Result result = new EvalSetExport().export(cases, format, o.get("category"), o.get("since"));
        write(result, o.get("out"));
        result.skipped().forEach(s -> err.println("skipped " + s));
        err.printf("%d eval case(s) exported as %s in %d file(s)%n", result.exported(), format.wireName(),
                result.files().size());
        return 0;
    }

    private void write(EvalSetExport.Result result, String outFile) {
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
                Path p = result.files().size() == 1 ? Path.of(outFile)
                        : Path.of(outFile.replaceFirst("(\\.jsonl)?$", String.format(".part-%03d.jsonl", i + 1)));
                Files.write(p, result.files().get(i));
                err.println("wrote " + p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
