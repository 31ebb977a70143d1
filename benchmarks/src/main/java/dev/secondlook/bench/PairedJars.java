package dev.secondlook.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of the ingest core on one log, in one JVM, taking turns round by round: each benchmark jar is loaded
 * by its own class loader, and its {@code Benchmarks.ingestCore} runs with its own default policy. On a shared
 * machine whose speed drifts by a third within minutes, only such pairing tells a 5 % change from the noise: a slow
 * spell falls on both builds. Prints the best and the median of process CPU time and of wall clock per round, after
 * three rounds each to warm the JIT.
 *
 * <p>{@code java -cp benchmarks/target/secondlook-benchmarks.jar dev.secondlook.bench.PairedJars OLD.jar NEW.jar
 * LOG.json.gz THREADS ROUNDS} (the jars: {@code benchmarks/target/secondlook-benchmarks.jar} of each build).
 */
public final class PairedJars {

    private static final int WARM_ROUNDS = 3;

    private PairedJars() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: PairedJars OLD.jar NEW.jar LOG.json.gz THREADS ROUNDS");
        }
        Path log = Path.of(args[2]);
        int threads = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        Method[] core = new Method[2];
        Object[] policy = new Object[2];
        for (int k = 0; k < 2; k++) {
            // the platform loader as parent: nothing of this build leaks into the other's classes
            ClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[k]).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> benchmarks = loader.loadClass("dev.secondlook.bench.Benchmarks");
            Class<?> policyClass = loader.loadClass("dev.secondlook.core.policy.Policy");
            policy[k] = loader.loadClass("dev.secondlook.core.policy.PolicyLoader").getMethod("loadDefault")
                    .invoke(null);
            core[k] = benchmarks.getDeclaredMethod("ingestCore", Path.class, policyClass, int.class);
            core[k].setAccessible(true);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<List<Double>> cpu = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Double>> wall = List.of(new ArrayList<>(), new ArrayList<>());
        long[] selected = new long[2];
        for (int round = 0; round < WARM_ROUNDS + rounds; round++) {
            for (int turn = 0; turn < 2; turn++) {
                int k = round % 2 == 0 ? turn : 1 - turn; // who goes first alternates too
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                selected[k] = (Long) core[k].invoke(null, log, policy[k], threads);
                double w = (System.nanoTime() - t0) / 1e9;
                double c = (os.getProcessCpuTime() - c0) / 1e9;
                if (round >= WARM_ROUNDS) {
                    cpu.get(k).add(c);
                    wall.get(k).add(w);
                }
            }
        }
        for (int k = 0; k < 2; k++) {
            List<Double> c = new ArrayList<>(cpu.get(k));
            List<Double> w = new ArrayList<>(wall.get(k));
            Collections.sort(c);
            Collections.sort(w);
            System.out.printf(Locale.ROOT, "%s %s: CPU best %.3f s, median %.3f s; wall best %.3f s, median %.3f s;"
                    + " %d selected%n", k == 0 ? "old" : "new", args[k], c.get(0), c.get(c.size() / 2), w.get(0),
                    w.get(w.size() / 2), selected[k]);
        }
    }
}
