package dev.secondlook.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.ingest.IngestLogObject;
import dev.secondlook.core.ingest.IngestResult;
import dev.secondlook.core.ingest.IngestSettings;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.PolicyLoader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A 1 GB (uncompressed) log object through the ingest core in a child JVM with -Xmx256m; peak RSS reported. */
final class MemoryBenchmark {

    private static final long GB = 1024L * 1024 * 1024;

    private MemoryBenchmark() {
    }

    static void run() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Path.of(MemoryBenchmark.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", jar, Benchmarks.class.getName(),
                "memory-child", ".", Long.toString(GB)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                lines.add(l);
            }
        }
        int code = p.waitFor();
        System.out.println("## 5. Memory: a 1 GB log object with -Xmx256m");
        System.out.println();
        System.out.println("The object is generated on the fly (never on disk or in memory whole) and read through "
                + "the ingest core (framing, parse, normalise, rules, sampling; no-op stores) in a child JVM.");
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println("child exit code: " + code + (code == 0 ? " (no error)" : " (FAILED)"));
        System.out.println();
    }

    static void child(long bytes) throws IOException {
        NoopPorts ports = new NoopPorts();
        LogGenerator gen = new LogGenerator(3);
        IngestLogObject ingest = new IngestLogObject(ports.source(() -> gen.stream(bytes)), ports.reviews,
                ports.manifests, ports.quarantine, RecordNormalizer.offline(), PolicyLoader.loadDefault(),
                IngestSettings.defaults(), Clock.systemUTC(), new ObjectMapper());
        long t0 = System.nanoTime();
        IngestResult r = ingest.ingest(new ObjectRef("bench", "AWSLogs/one-gigabyte.jsonl", null, "e", bytes));
        double s = (System.nanoTime() - t0) / 1e9;
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        String hwm = "n/a";
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                hwm = line.substring(6).trim();
            }
        }
        System.out.printf(Locale.ROOT, "| figure | value |%n|---|---|%n| records read | %d |%n| selected | %d |%n"
                        + "| time | %.1f s (%.1f MB/s) |%n| max heap (-Xmx) | %d MB |%n| peak heap used (sum of pool peaks) "
                        + "| %d MB |%n| peak RSS (VmHWM) | %s |%n",
                r.manifest().read(), r.manifest().selected(), s, bytes / s / 1024 / 1024,
                Runtime.getRuntime().maxMemory() / 1024 / 1024, heapPeak / 1024 / 1024, hwm);
    }
}
