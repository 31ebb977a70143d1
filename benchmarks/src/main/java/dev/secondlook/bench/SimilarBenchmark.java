package dev.secondlook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;
import dev.secondlook.core.similar.Exemplar;
import dev.secondlook.core.similar.ExemplarIndex;
import dev.secondlook.core.similar.ExemplarSource;
import dev.secondlook.similar.SentenceEmbedder;
import dev.secondlook.similar.SimilarPolicies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The similar matcher's cost (BENCHMARKS.md "8. Similar matcher"): ingest-core throughput on the generated Bedrock
 * log with the default policy's similar rules off (no model) and on (the model, the written examples and the
 * labelled set's exemplar split as eval cases); the model's load and the index's build in a fresh JVM; and the cost
 * of one window that misses the cache, on the labelled set's test outputs.
 */
final class SimilarBenchmark {

    private SimilarBenchmark() {
    }

    static void run(Path root, Path work) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Exemplar> exemplars = new ArrayList<>();
        List<String> tests = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("benchmarks/similar/outputs.jsonl"))) {
            JsonNode n = mapper.readTree(line);
            String split = n.get("split").asText();
            String category = n.get("category").asText();
            if (split.equals("exemplar")) {
                exemplars.add(category.equals("none")
                        ? Exemplar.passedCase(n.get("resembles").asText(), n.get("output").asText(), n.get("id").asText())
                        : Exemplar.ofEvalCase(category, n.get("output").asText(), n.get("id").asText()));
            } else if (split.equals("test")) {
                tests.add(n.get("output").asText());
            }
        }
        long t0 = System.nanoTime();
        SentenceEmbedder embedder = new SentenceEmbedder();
        embedder.embed("warm up the model");
        double loadMs = (System.nanoTime() - t0) / 1e6;
        Policy plain = PolicyLoader.loadDefault();
        Policy bound = SimilarPolicies.bind(plain, embedder, () -> exemplars, Clock.systemUTC());
        ExemplarIndex.Stats stats;
        t0 = System.nanoTime();
        bound.closestExemplars(new dev.secondlook.core.model.Interaction("warm", "bench",
                new dev.secondlook.core.model.SourceRef("b", "k", null, null, 0), null, "Converse", "m",
                java.util.Map.of(), "", "", "a refund", null, null, null, null, null, false));
        double indexMs = (System.nanoTime() - t0) / 1e6;

        // one window that misses the cache: the test outputs, each made unique
        double[] perWindow = new double[tests.size()];
        for (int i = 0; i < tests.size(); i++) {
            long s = System.nanoTime();
            embedder.embed(tests.get(i) + " (" + i + ")");
            perWindow[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(perWindow);

        Path file = work.resolve("bedrock-20mb.json.gz");
        long records = Benchmarks.generate(file, 20L * 1024 * 1024);
        double off = 0;
        double on = 0;
        long selOff = 0;
        long selOn = 0;
        for (int round = 0; round < 3; round++) {
            long[] sel = new long[1];
            double s = Benchmarks.seconds(() -> sel[0] = Benchmarks.ingestCore(file, plain, 1));
            off = Math.max(off, records / s);
            selOff = sel[0];
            s = Benchmarks.seconds(() -> sel[0] = Benchmarks.ingestCore(file, bound, 1));
            on = Math.max(on, records / s);
            selOn = sel[0];
        }
        System.out.println("## 9. Similar matcher: cost");
        System.out.println();
        System.out.printf(Locale.ROOT, "Model %s (quantised, ONNX Runtime, in-process). Fresh JVM: model "
                + "load and first embedding %.0f ms; index of the default policy's written examples plus %d exemplars "
                + "(eval set) built in %.0f ms. Both happen once per container, on the first record that passes a "
                + "gate, and are left out of that record's judge budget.%n%n", SentenceEmbedder.MODEL, loadMs,
                exemplars.size(), indexMs);
        System.out.printf(Locale.ROOT, "One window that misses the cache (%d labelled outputs made unique): p50 %.1f ms,"
                + " p90 %.1f ms, p99 %.1f ms, max %.1f ms.%n%n", perWindow.length, pct(perWindow, 0.5),
                pct(perWindow, 0.9), pct(perWindow, 0.99), perWindow[perWindow.length - 1]);
        System.out.printf(Locale.ROOT, "Generated Bedrock log (%d records, 20 MB, best of 3): ingest core "
                + "%.0f records/s without the model, %.0f records/s with it (%.2fx); %d then %d records selected.%n%n",
                records, off, on, on / off, selOff, selOn);
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }
}
