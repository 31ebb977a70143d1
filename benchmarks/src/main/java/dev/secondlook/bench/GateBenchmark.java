package dev.secondlook.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.client.CheckRequest;
import dev.secondlook.client.GateClient;
import dev.secondlook.core.gate.CheckDecision;
import dev.secondlook.core.gate.CheckOutput;
import dev.secondlook.core.gate.CheckResult;
import dev.secondlook.core.gate.CheckStore;
import dev.secondlook.core.gate.GateSettings;
import dev.secondlook.core.gate.NewCheck;
import dev.secondlook.core.gate.StoredCheck;
import dev.secondlook.core.judge.JudgeBudget;
import dev.secondlook.core.judge.RecordJudge;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;
import dev.secondlook.core.policy.Sampler;
import dev.secondlook.emulator.MotoServer;
import dev.secondlook.local.LocalResources;
import dev.secondlook.local.LocalRuntime;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The gate's latency. (1) The in-process check - judge with the default policy and its budget, decide deliver or
 * hold, build the review record when one is written - for outputs of about 1 KB and 8 KB, against a store that
 * answers at once (so only the gate's own work is timed). (2) The round trip of a deliver decision through the
 * local API: secondlook-client signs (SigV4), the local HTTP API checks the signature as API Gateway does, the
 * handler judges and answers; and, for comparison, of a hold, which adds one conditional PutItem on moto through
 * the local IAM check.
 */
final class GateBenchmark {

    private static final String[] SENTENCES = {"You can track your order from the Orders page at any time.",
            "Use the Forgot password link on the sign-in page and follow the e-mail.",
            "Premium plans can be cancelled from Settings; a colleague handles refund requests.",
            "We are open from nine to five, Monday to Friday, except public holidays.",
            "The customer reports a double charge on order 8812 and asks for a reply.",
            "Yes, we ship to Canada within five to seven business days, and customs are included.",
            "Please keep your receipt: our team may ask for it when you contact us about the delivery.",
            "If the parcel shows as delivered but you cannot find it, check with your neighbours first."};
    private static final String[] RISKY = {"I have issued a full refund of $249 to your card.",
            "You should stop taking your blood pressure medication.",
            "Our refund policy states that every plan is refundable for a year.",
            "Write to jane.doe@gmail.com or call +44 20 7183 8750 for the details.",
            "I'm sorry, but I can't help with that."};
    private static final String SALT = "secondlook-default-v1";

    private GateBenchmark() {
    }

    static void run(Path home) throws Exception {
        System.out.println("## 6. The gate: judgement in-process, and a deliver decision through the local API");
        System.out.println();
        System.out.println("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", flags " + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                + "; " + Runtime.getRuntime().availableProcessors() + " cores.");
        System.out.println();
        inProcess();
        throughTheLocalApi(home);
    }

    /** Outputs of about {@code bytes} bytes: support sentences, one in ten with a phrase the policy reacts to. */
    static List<String> outputs(int bytes, int count, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder(bytes + 120);
            boolean risky = random.nextInt(10) == 0;
            int riskAt = random.nextInt(Math.max(1, bytes / 2));
            while (sb.length() < bytes) {
                if (risky && sb.length() >= riskAt) {
                    sb.append(RISKY[random.nextInt(RISKY.length)]).append(' ');
                    risky = false;
                }
                sb.append(SENTENCES[random.nextInt(SENTENCES.length)]).append(' ');
            }
            out.add(sb.substring(0, bytes));
        }
        return out;
    }

    private static void inProcess() {
        Policy policy = PolicyLoader.loadDefault();
        CheckStore instant = new CheckStore() {
            @Override
            public Optional<StoredCheck> create(NewCheck check) {
                return Optional.empty();
            }

            @Override
            public Optional<StoredCheck> find(String checkId) {
                return Optional.empty();
            }

            @Override
            public Optional<StoredCheck> expire(String checkId, Instant now) {
                return Optional.empty();
            }

            @Override
            public List<String> expirable(Instant now, int limit) {
                return List.of();
            }
        };
        CheckOutput gate = new CheckOutput(new RecordJudge(RecordNormalizer.offline(), policy, JudgeBudget.defaults(),
                new ObjectMapper()), instant, GateSettings.defaults(), Clock.systemUTC());
        System.out.println("In-process check (`CheckOutput`: judge with the default policy, decide, build the record "
                + "when one is written; the store answers at once), and the policy's judging of the same output on "
                + "its own. 20,000 checks per size after 5,000 to warm up; one output in ten carries a phrase the "
                + "policy reacts to.");
        System.out.println();
        System.out.println("| output | p50 | p90 | p99 | max | of which judging (p50 / p99) | judging, thread CPU time "
                + "(p50 / p99) | held | recorded |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int size : new int[] {1024, 8192}) {
            List<String> texts = outputs(size, 25_000, size);
            long[] nanos = new long[20_000];
            long[] judging = new long[20_000];
            long[] judgingCpu = new long[20_000];
            int held = 0;
            int recorded = 0;
            for (int i = 0; i < 25_000; i++) {
                dev.secondlook.core.gate.CheckRequest r = new dev.secondlook.core.gate.CheckRequest("bench-" + size
                        + "-" + i, "support.chat", "anthropic.claude-3-haiku-20240307-v1:0", "You are the ExampleCo "
                        + "support assistant. Be brief and polite.", "Where is my order?", texts.get(i), Map.of(
                        "tenant", "t-042"));
                var interaction = r.interaction(policy.routeKey());
                long c0 = threads.getCurrentThreadCpuTime();
                long j0 = System.nanoTime();
                policy.judge(interaction, JudgeBudget.defaults().maxTime());
                long j = System.nanoTime() - j0;
                long c = threads.getCurrentThreadCpuTime() - c0;
                long t0 = System.nanoTime();
                CheckResult result = gate.check(r, "arn:aws:iam::123456789012:role/app");
                long t = System.nanoTime() - t0;
                if (i >= 5_000) {
                    nanos[i - 5_000] = t;
                    judging[i - 5_000] = j;
                    judgingCpu[i - 5_000] = c;
                    held += result.decision() == CheckDecision.HOLD ? 1 : 0;
                    recorded += result.reviewId() != null ? 1 : 0;
                }
            }
            Arrays.sort(nanos);
            Arrays.sort(judging);
            Arrays.sort(judgingCpu);
            System.out.printf(Locale.ROOT, "| %d KB | %s | %s | %s | %s | %s / %s | %s / %s | %d | %d |%n", size / 1024,
                    ms(pct(nanos, 50)), ms(pct(nanos, 90)), ms(pct(nanos, 99)), ms(nanos[nanos.length - 1]),
                    ms(pct(judging, 50)), ms(pct(judging, 99)), ms(pct(judgingCpu, 50)), ms(pct(judgingCpu, 99)),
                    held, recorded);
        }
        System.out.println();
        System.out.println("Goal: p99 <= 5 ms at 8 KB. Thread CPU time leaves out the time other processes held the "
                + "cores (on a loaded machine, the wall-clock tail is mostly that).");
        System.out.println();
    }

    private static void throughTheLocalApi(Path home) throws Exception {
        Path logs = java.nio.file.Files.createTempDirectory("gate-bench-moto");
        try (MotoServer moto = MotoServer.start(logs);
             LocalRuntime rt = LocalRuntime.on(moto.emulator(), LocalResources.template(), 0);
             GateClient client = GateClient.builder().endpoint(rt.gateApiUrl()).region(rt.emulator().region())
                     .credentials(AwsCredentialsIdentity.create("app", LocalRuntime.REVIEWERS.get("app"))).build()) {
            List<String> texts = outputs(1024, 600, 7);
            List<String> ids = new ArrayList<>();
            for (int i = 0; ids.size() < 600; i++) {
                String id = "bench-rt-" + i;
                if (!Sampler.selected(SALT, id, 0.05)) {
                    ids.add(id);
                }
            }
            String benign = "You can track your order from the Orders page at any time. ";
            long[] deliver = new long[500];
            int delivered = 0;
            for (int i = 0; i < 600; i++) {
                String text = (benign.repeat(18)).substring(0, 1024);
                long t0 = System.nanoTime();
                var check = client.check(CheckRequest.of(ids.get(i), "support.chat",
                        "anthropic.claude-3-haiku-20240307-v1:0", text).withPrompt("Where is my order?"));
                long t = System.nanoTime() - t0;
                if (i >= 100) {
                    deliver[i - 100] = t;
                    delivered += check.delivered() ? 1 : 0;
                }
            }
            Arrays.sort(deliver);
            long[] hold = new long[150];
            for (int i = 0; i < 200; i++) {
                String text = texts.get(i % texts.size()).substring(0, 900)
                        + " Use the key AKIAQYLPMN5HFIQR7XB2 for the deploy job.";
                long t0 = System.nanoTime();
                client.check(CheckRequest.of("bench-hold-" + i, "support.chat",
                        "anthropic.claude-3-haiku-20240307-v1:0", text));
                long t = System.nanoTime() - t0;
                if (i >= 50) {
                    hold[i - 50] = t;
                }
            }
            Arrays.sort(hold);
            System.out.println("Round trip through the local API (secondlook-client: SigV4 signing, loopback HTTP, the "
                    + "local API's SigV4 check, the handler), 1 KB outputs, one at a time, after 100 (50) to warm up:");
            System.out.println();
            System.out.println("| decision | requests | p50 | p90 | p99 | max | AWS calls per request |");
            System.out.println("|---|---|---|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| deliver (not sampled) | %d (%d delivered) | %s | %s | %s | %s | 0 |%n",
                    deliver.length, delivered, ms(pct(deliver, 50)), ms(pct(deliver, 90)), ms(pct(deliver, 99)),
                    ms(deliver[deliver.length - 1]));
            System.out.printf(Locale.ROOT, "| hold | %d | %s | %s | %s | %s | 1 conditional PutItem (moto, through "
                            + "the local IAM check) |%n", hold.length, ms(pct(hold, 50)), ms(pct(hold, 90)),
                    ms(pct(hold, 99)), ms(hold[hold.length - 1]));
            System.out.println();
            System.out.println("IAM denials during the run: " + rt.iamDenials().size());
        }
    }

    private static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
}
