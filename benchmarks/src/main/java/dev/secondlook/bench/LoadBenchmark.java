package dev.secondlook.bench;

import dev.secondlook.emulator.MotoServer;
import dev.secondlook.local.LocalResources;
import dev.secondlook.local.LocalRuntime;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Many log objects at once through the local runtime (moto, the template's event sources, IAM enforced): how fast the
 * whole pipeline drains them on this machine, and what that says about 1 billion outputs a day in AWS.
 */
final class LoadBenchmark {

    private LoadBenchmark() {
    }

    static void run(Path work, int objects, int perObject) throws IOException {
        try (MotoServer moto = MotoServer.start(work);
             LocalRuntime rt = LocalRuntime.on(moto.emulator(), LocalResources.template(), 0)) {
            Map<String, Integer> deliveries = new TreeMap<>();
            rt.onActivity(line -> {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("API") && !line.startsWith("schedule")) {
                    deliveries.merge(line.substring(0, colon), 1, Integer::sum);
                }
            });
            LogGenerator gen = new LogGenerator(23);
            long bytes = 0;
            long start = System.nanoTime();
            for (int o = 0; o < objects; o++) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(raw)) {
                    for (int i = 0; i < perObject; i++) {
                        gz.write(gen.next().getBytes(StandardCharsets.UTF_8));
                    }
                }
                bytes += raw.size();
                String key = String.format(Locale.ROOT, "AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/"
                        + "2026/11/30/07/load-%04d.json.gz", o);
                rt.clients().s3().putObject(b -> b.bucket(rt.resources().logBucket()).key(key),
                        RequestBody.fromBytes(raw.toByteArray()));
            }
            double uploadS = (System.nanoTime() - start) / 1e9;
            int events = rt.drain(Duration.ofMinutes(20));
            double totalS = (System.nanoTime() - start) / 1e9;
            long records = (long) objects * perObject;
            long selected = 0;
            Map<String, Long> manifest = new TreeMap<>();
            for (var item : rt.clients().dynamoDb().scanPaginator(b -> b.tableName(rt.resources().reviewTable()))
                    .items()) {
                if ("review".equals(item.get("kind").s())) {
                    selected++;
                } else {
                    manifest.merge("objects " + item.get("objectStatus").s(), 1L, Long::sum);
                    for (String k : new String[] {"read", "selected", "notSelected", "skippedTotal", "rejectedTotal"}) {
                        if (item.containsKey(k)) {
                            manifest.merge(k, Long.parseLong(item.get(k).n()), Long::sum);
                        }
                    }
                }
            }
            System.out.println("## 8c. Load: many objects at once through the local runtime");
            System.out.println();
            System.out.printf(Locale.ROOT, "%d gzip Bedrock logs of %d records (%,d records, %.1f MB gzip) uploaded at "
                    + "once to the local stack (moto, IAM enforced, the template's event sources: SQS batches of 10 "
                    + "objects, streams in batches of up to 1,000), then drained: %d deliveries.%n%n", objects, perObject,
                    records, bytes / 1e6, events);
            System.out.println("| figure | value |");
            System.out.println("|---|---|");
            System.out.printf(Locale.ROOT, "| upload (%d PUTs) | %.1f s |%n", objects, uploadS);
            System.out.printf(Locale.ROOT, "| upload to drained | %.1f s |%n", totalS);
            System.out.printf(Locale.ROOT, "| records/s end to end, one process | %,.0f |%n", records / totalS);
            System.out.printf(Locale.ROOT, "| review records written (selected) | %,d (%.1f %%) |%n", selected,
                    100.0 * selected / records);
            System.out.printf(Locale.ROOT, "| object manifests: every record accounted for | %s |%n", manifest);
            System.out.printf(Locale.ROOT, "| deliveries by function | %s |%n", deliveries);
            System.out.println();
        }
    }
}
