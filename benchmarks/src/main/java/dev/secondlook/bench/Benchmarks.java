package dev.secondlook.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.ingest.IngestLogObject;
import dev.secondlook.core.ingest.IngestResult;
import dev.secondlook.core.ingest.IngestSettings;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.normalize.NormalizeResult;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * secondlook's benchmarks. Each prints its figures as Markdown; ratios are taken within one run, because absolute
 * times on shared machines are noise. Usage: {@code java -jar secondlook-benchmarks.jar
 * throughput|rules|calls|memory|memory-child|sizes|coldstart|gate|load|all [work dir]}; {@code similar WORK ROOT};
 * {@code rulescheck WORK ROOT}; {@code parse FILE} (the parse limit alone, as rulescheck runs it in a process of its own).
 */
public final class Benchmarks {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        if (what.equals("parse")) {
            // the parse limit as a process of its own (see rulesCheck)
            parseOnly(Path.of(args[1]));
            return;
        }
        Path work = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"), "secondlook-bench");
        Files.createDirectories(work);
        switch (what) {
            case "throughput" -> throughput(work);
            case "conversations" -> conversations(work);
            case "rulescheck" -> rulesCheck(work, Path.of(args.length > 2 ? args[2] : "."));
            case "rules" -> rules();
            case "calls" -> AwsCallsBenchmark.run(work);
            case "memory" -> MemoryBenchmark.run();
            case "memory-child" -> MemoryBenchmark.child(Long.parseLong(args[2]));
            case "rounds-child" -> roundsChild(Path.of(args[2]), Long.parseLong(args[3]), Integer.parseInt(args[4]));
            case "sizes" -> SizeBenchmark.run(Path.of(args.length > 1 ? args[1] : "."));
            case "gate" -> GateBenchmark.run(Path.of(args.length > 1 ? args[1] : "."));
            case "load" -> LoadBenchmark.run(work, args.length > 2 ? Integer.parseInt(args[2]) : 40,
                    args.length > 3 ? Integer.parseInt(args[3]) : 2500);
            case "similar" -> SimilarBenchmark.run(Path.of(args.length > 2 ? args[2] : "."), work);
            case "packages" -> {
                Path home = Path.of(args.length > 1 ? args[1] : ".");
                ColdStartBenchmark.smoke(home, ColdStartBenchmark.ricJar(home));
            }
            case "coldstart" -> {
                Path home = Path.of(args.length > 1 ? args[1] : ".");
                ColdStartBenchmark.run(home, ColdStartBenchmark.ricJar(home));
            }
            case "all" -> {
                throughput(work);
                conversations(work);
                rules();
                AwsCallsBenchmark.run(work);
                MemoryBenchmark.run();
            }
            default -> throw new IllegalArgumentException("unknown benchmark " + what);
        }
        // the handlers' SDK clients and metrics leave non-daemon threads behind; a benchmark run is over here
        System.exit(0);
    }

    // ------------------------------------------------------------------ 1. throughput against the parse limit

    static void throughput(Path work) throws IOException {
        Path file = work.resolve("bedrock-100mb.json.gz");
        long records = generate(file, 100L * 1024 * 1024);
        long raw = 100L * 1024 * 1024;
        int cores = Runtime.getRuntime().availableProcessors();
        Rounds r = rounds(file, raw, cores);
        double[] limit = r.limit();
        double[] core = r.core();
        double[] threadedCore = r.threaded();
        long selected = r.selected();
        double bestLimit = max(limit);
        double bestCore = max(core);
        double bestThreaded = max(threadedCore);
        double mb = 1024 * 1024;
        System.out.println("## 1. Ingest core throughput against the parse limit");
        System.out.println();
        System.out.printf(Locale.ROOT, "Generated Bedrock log: %d records, %.0f MB uncompressed, %.1f MB gzip; %d "
                + "untimed warm-up rounds, then the best of %d rounds each; each thread count in a JVM of its own, "
                + "its rounds taking turns with the limit's.%n%n", records, raw / mb,
                Files.size(file) / mb, WARM_ROUNDS, TIMED_ROUNDS);
        System.out.println("| path | MB/s | records/s |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| limit: gunzip + Jackson streaming parse | %.1f | %.0f |%n", bestLimit / mb,
                bestLimit / raw * records);
        System.out.printf(Locale.ROOT, "| ingest core: gunzip + framing + parse + normalise + rules + sampling | %.1f "
                + "| %.0f |%n", bestCore / mb, bestCore / raw * records);
        System.out.printf(Locale.ROOT, "| ingest core, judging on %d threads (JUDGE_THREADS, for a function with %d "
                + "vCPUs) | %.1f | %.0f |%n", cores, cores, bestThreaded / mb, bestThreaded / raw * records);
        System.out.printf(Locale.ROOT, "%n**Ratio %.2f of the limit** on one thread, %.2f on %d (goal >= 0.5); "
                + "round by round (each path against the limit of its own round), medians %.2f and %.2f. %d records "
                + "selected.%n%n", bestCore / bestLimit, bestThreaded / bestLimit, cores,
                medianRatio(core, r.limitBesideCore()), medianRatio(threadedCore, r.limitBesideThreaded()), selected);
    }

    /**
     * The same measurement on a chat application's log: each Converse request carries six earlier turns, so the
     * prompt (about 2 KB) is most of a record. Ingest reads a prompt only for a selected record or a rule that
     * reads it, so that such a log costs less per MB than the short records above.
     */
    static void conversations(Path work) throws IOException {
        Path file = work.resolve("bedrock-conversations-100mb.json.gz");
        long raw = 100L * 1024 * 1024;
        long records = generate(file, raw, new LogGenerator(42, 6));
        int cores = Runtime.getRuntime().availableProcessors();
        Rounds r = rounds(file, raw, cores);
        double[] limit = r.limit();
        double[] core = r.core();
        double[] threadedCore = r.threaded();
        double mb = 1024 * 1024;
        System.out.println("## 1c. The same on a log of conversations (long prompts)");
        System.out.println();
        System.out.printf(Locale.ROOT, "Generated Bedrock log, six earlier turns in each Converse request: %d "
                + "records, %.0f MB uncompressed, %.1f MB gzip; %d warm-up rounds, best of %d.%n%n", records,
                raw / mb, Files.size(file) / mb, WARM_ROUNDS, TIMED_ROUNDS);
        System.out.println("| path | MB/s | records/s | ratio to the limit |");
        System.out.println("|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| limit: gunzip + Jackson streaming parse | %.1f | %.0f | 1.00 |%n",
                max(limit) / mb, max(limit) / raw * records);
        System.out.printf(Locale.ROOT, "| ingest core, one thread | %.1f | %.0f | %.2f |%n", max(core) / mb,
                max(core) / raw * records, max(core) / max(limit));
        System.out.printf(Locale.ROOT, "| ingest core, judging on %d threads | %.1f | %.0f | %.2f |%n%n", cores,
                max(threadedCore) / mb, max(threadedCore) / raw * records, max(threadedCore) / max(limit));
    }

    /**
     * Each timed round's MB/s of the core on one thread and on {@code cores}, and of the limit measured beside each
     * (in the same JVM, the same round); what they selected.
     */
    private record Rounds(double[] limitBesideCore, double[] core, double[] limitBesideThreaded, double[] threaded,
                          long selected) {

        /** The limit, best of both JVMs' rounds. */
        double[] limit() {
            double[] all = java.util.Arrays.copyOf(limitBesideCore, limitBesideCore.length + limitBesideThreaded.length);
            System.arraycopy(limitBesideThreaded, 0, all, limitBesideCore.length, limitBesideThreaded.length);
            return all;
        }
    }

    /**
     * Each thread count in a JVM of its own, as a deployed function runs one setting (in one JVM the two settings'
     * rounds would share the compiler's profiles of the judging code; on session 12's build both ways measured
     * 0.34-0.36 on one thread). In each JVM the judging code compiles over the first few hundred MB: three untimed
     * rounds warm the JIT, as a container that has read a few objects is warm, then five timed rounds, each of the
     * limit and then the path, so that a slow spell of the shared host falls on both. Both settings must select
     * the same records.
     */
    private static Rounds rounds(Path file, long raw, int cores) throws IOException {
        double[][] one = childRounds(file, raw, 1);
        double[][] many = childRounds(file, raw, cores);
        long selectedOne = (long) one[2][0];
        long selectedMany = (long) many[2][0];
        if (selectedOne != selectedMany) {
            throw new IllegalStateException("judging on " + cores + " threads selected " + selectedMany
                    + " records, on one " + selectedOne);
        }
        return new Rounds(one[0], one[1], many[0], many[1], selectedOne);
    }

    /** {@link #roundsChild} in a child JVM with this JVM's java and no flags: {limit[], path[], {selected}}. */
    private static double[][] childRounds(Path file, long raw, int threads) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Path.of(Benchmarks.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        Process p = new ProcessBuilder(java, "-Dsecondlook.home=" + System.getProperty("secondlook.home", "."),
                "-cp", jar, Benchmarks.class.getName(), "rounds-child", ".", file.toString(), Long.toString(raw),
                Integer.toString(threads)).redirectErrorStream(true).start();
        List<Double> limit = new ArrayList<>();
        List<Double> path = new ArrayList<>();
        long selected = -1;
        List<String> other = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                String[] w = l.split(" ");
                if (w.length == 4 && w[0].equals("round")) {
                    limit.add(Double.parseDouble(w[1]));
                    path.add(Double.parseDouble(w[2]));
                    selected = Long.parseLong(w[3]);
                } else {
                    other.add(l);
                }
            }
        }
        try {
            int code = p.waitFor();
            if (code != 0 || path.size() != TIMED_ROUNDS) {
                throw new IllegalStateException("the " + threads + "-thread rounds failed (exit " + code + "): "
                        + String.join("\n", other));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new double[][] {limit.stream().mapToDouble(Double::doubleValue).toArray(),
            path.stream().mapToDouble(Double::doubleValue).toArray(), {selected}};
    }

    /** Prints "round LIMIT PATH SELECTED" (bytes/s) for each timed round of the core on {@code threads}. */
    static void roundsChild(Path file, long raw, int threads) {
        for (int round = 0; round < WARM_ROUNDS; round++) {
            parseOnly(file);
            ingestCore(file, PolicyLoader.loadDefault(), threads);
        }
        long[] sel = new long[1];
        for (int round = 0; round < TIMED_ROUNDS; round++) {
            double limit = raw / seconds(() -> parseOnly(file));
            double path = raw / seconds(() -> sel[0] = ingestCore(file, PolicyLoader.loadDefault(), threads));
            System.out.printf(Locale.ROOT, "round %.1f %.1f %d%n", limit, path, sel[0]);
        }
    }

    private static final int WARM_ROUNDS = 3;
    private static final int TIMED_ROUNDS = 5;

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElseThrow();
    }

    /** The median over rounds of each round's path throughput divided by the same round's limit. */
    private static double medianRatio(double[] path, double[] limit) {
        double[] ratios = new double[path.length];
        for (int i = 0; i < path.length; i++) {
            ratios[i] = path[i] / limit[i];
        }
        java.util.Arrays.sort(ratios);
        return ratios[ratios.length / 2];
    }

    /**
     * {@code ./secondlook rules check} on a generated 200 MB Bedrock log, run through the wrapper as a user runs it and
     * timed as a whole process (the wrapper, JVM start, policy and model load, reading, judging, writing one JSON line a
     * record to /dev/null), against the gunzip + streaming-parse limit measured in this JVM on the same file; best of 3
     * each. One untimed run on a one-record log first: after a build, the wrapper's first run records its class-data
     * archive and copies the model out of the jar, once.
     */
    static void rulesCheck(Path work, Path root) throws IOException, InterruptedException {
        Path file = work.resolve("bedrock-200mb.json.gz");
        long raw = 200L * 1024 * 1024;
        long records = generate(file, raw);
        Path jar = root.resolve("tools/cli/target/secondlook-cli.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: mvn -pl tools/cli -am package -DskipTests");
        }
        Path wrapper = root.resolve("secondlook").toAbsolutePath();
        Path one = work.resolve("bedrock-one-record.json");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            Files.writeString(one, r.readLine() + "\n");
        }
        runCommand(wrapper, one, 1);
        double bestLimit = 0;
        double bestProcessLimit = 0;
        double[] bestByThreads = new double[3];
        int cores = Runtime.getRuntime().availableProcessors();
        for (int round = 0; round < 3; round++) {
            bestLimit = Math.max(bestLimit, raw / seconds(() -> parseOnly(file)));
            bestProcessLimit = Math.max(bestProcessLimit, raw / parseProcess(file));
            for (int threads : new int[] {1, cores}) {
                double s = runCommand(wrapper, file, threads);
                int slot = threads == 1 ? 0 : 1;
                bestByThreads[slot] = Math.max(bestByThreads[slot], raw / s);
            }
        }
        double mb = 1024 * 1024;
        System.out.println("## 1b. `rules check` as a whole process against the parse limit");
        System.out.println();
        System.out.printf(Locale.ROOT, "Generated Bedrock log: %d records, %.0f MB uncompressed, %.1f MB gzip; the "
                + "command as a user runs it, through the `./secondlook` wrapper (JVM start included, output to /dev/null); "
                + "best of 3.%n%n", records,
                raw / mb, Files.size(file) / mb);
        System.out.println("| path | MB/s | ratio to the limit |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| limit: gunzip + Jackson streaming parse (in-process) | %.1f | 1.00 |%n",
                bestLimit / mb);
        System.out.printf(Locale.ROOT, "| `rules check --threads 1` | %.1f | %.2f |%n", bestByThreads[0] / mb,
                bestByThreads[0] / bestLimit);
        System.out.printf(Locale.ROOT, "| `rules check --threads %d` (the default: one per core) | %.1f | %.2f |%n",
                cores, bestByThreads[1] / mb, bestByThreads[1] / bestLimit);
        System.out.printf(Locale.ROOT, "%n**Ratio %.2f of the limit** with the default threads (goal >= 0.4).%n%n",
                bestByThreads[1] / bestLimit);
        System.out.printf(Locale.ROOT, "The same parse as a process of its own (`java -cp secondlook-benchmarks.jar "
                + "dev.secondlook.bench.Benchmarks parse FILE`, default JVM flags, JVM start included, as the command "
                + "is measured): %.1f MB/s; the command's ratio to it: %.2f with one thread, **%.2f** with %d.%n%n",
                bestProcessLimit / mb, bestByThreads[0] / bestProcessLimit, bestByThreads[1] / bestProcessLimit,
                cores);
    }

    /** Seconds that the parse limit takes as a process of its own, from its start to its exit. */
    private static double parseProcess(Path file) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = System.getProperty("java.class.path");
        ProcessBuilder command = new ProcessBuilder(java.toString(), "-cp", classPath, Benchmarks.class.getName(),
                "parse", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        int code = command.start().waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("the parse process exited " + code);
        }
        return s;
    }

    /** Seconds that {@code ./secondlook rules check} takes on {@code log}, from its start to its exit. */
    private static double runCommand(Path wrapper, Path log, int threads) throws IOException, InterruptedException {
        ProcessBuilder command = new ProcessBuilder(wrapper.toString(), "rules", "check", "--input", log.toString(),
                "--threads", String.valueOf(threads))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // the wrapper's own JVM flags, not a caller's
        command.environment().remove("SECONDLOOK_JAVA_OPTS");
        long t0 = System.nanoTime();
        int code = command.start().waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("./secondlook rules check exited " + code);
        }
        return s;
    }

    static long generate(Path file, long bytes) throws IOException {
        return generate(file, bytes, new LogGenerator(42));
    }

    private static long generate(Path file, long bytes, LogGenerator generator) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            return generator.write(out, bytes);
        }
    }

    private static void parseOnly(Path file) {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024),
                64 * 1024); JsonParser p = MAPPER.getFactory().createParser(in)) {
            long tokens = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_STRING) {
                    p.getText();
                }
                tokens++;
            }
            if (tokens == 0) {
                throw new IllegalStateException("no tokens");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long ingestCore(Path file, Policy policy, int threads) {
        NoopPorts ports = new NoopPorts();
        IngestLogObject ingest = new IngestLogObject(ports.source(() -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), ports.reviews, ports.manifests, ports.quarantine, RecordNormalizer.offline(), policy,
                IngestSettings.defaults().withJudgeThreads(threads), Clock.systemUTC(), MAPPER);
        IngestResult r = ingest.ingest(new ObjectRef("bench", "AWSLogs/bench.json.gz", null, "e", -1));
        return r.manifest().selected();
    }

    // ------------------------------------------------------------------ 2. rule scaling

    static void rules() throws IOException {
        List<Interaction> sample = new ArrayList<>();
        LogGenerator gen = new LogGenerator(7);
        RecordNormalizer normalizer = RecordNormalizer.offline();
        for (int i = 0; i < 20_000; i++) {
            for (NormalizeResult r : normalizer.normalize(MAPPER.readTree(gen.next()), new SourceRef("b", "k", null,
                    "e", i))) {
                if (r instanceof NormalizeResult.Normalized n) {
                    sample.add(n.interaction());
                }
            }
        }
        String base = new String(Files.readAllBytes(Path.of(System.getProperty("secondlook.home", "."))
                .resolve("policy/default-policy.yaml")), StandardCharsets.UTF_8);
        System.out.println("## 2. Rule scaling");
        System.out.println();
        System.out.println("20,000 generated interactions judged by the default policy, then with 9x and 49x as many "
                + "extra keyword and regex rules (10x and 50x the default's keyword and regex rules); best of 3.");
        System.out.println();
        System.out.println("| policy | rules | judgements/s | ratio to default |");
        System.out.println("|---|---|---|---|");
        double baseline = 0;
        for (int factor : new int[] {1, 10, 50}) {
            Policy policy = PolicyLoader.load(base + extraRules(factor));
            double best = 0;
            for (int round = 0; round < 3; round++) {
                double s = seconds(() -> sample.forEach(policy::judge));
                best = Math.max(best, sample.size() / s);
            }
            if (factor == 1) {
                baseline = best;
            }
            System.out.printf(Locale.ROOT, "| default x%d | %d | %.0f | %.2f |%n", factor, policy.ruleCount(), best,
                    best / baseline);
        }
        System.out.println();
        System.out.println("Goal: at 50x, no worse than half the default's throughput (ratio >= 0.5).");
        System.out.println();
    }

    /** {@code factor - 1} copies of the default's keyword and regex rules, with other terms. */
    static String extraRules(int factor) {
        StringBuilder sb = new StringBuilder();
        for (int c = 1; c < factor; c++) {
            for (int k = 0; k < 6; k++) {
                sb.append("  - id: extra-kw-").append(c).append('-').append(k).append('\n')
                        .append("    category: extra\n    outcome: review\n    when:\n      keywords: [");
                for (int w = 0; w < 12; w++) {
                    sb.append(w > 0 ? ", " : "").append("zq").append(c).append("x").append(k).append("w").append(w)
                            .append(" term");
                }
                sb.append("]\n");
            }
            for (int r = 0; r < 5; r++) {
                sb.append("  - id: extra-re-").append(c).append('-').append(r).append('\n')
                        .append("    category: extra\n    outcome: review\n    when:\n      regex: \"\\\\b(?:zq")
                        .append(c).append("r").append(r).append("|qz").append(c).append("r").append(r)
                        .append(")\\\\s+(?:alpha|beta)\\\\d+\"\n");
            }
        }
        return sb.toString();
    }

    static double seconds(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
