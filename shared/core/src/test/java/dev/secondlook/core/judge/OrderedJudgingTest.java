package dev.secondlook.core.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderedJudgingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectRef LOG = new ObjectRef("logs", "a.jsonl", null, "etag", -1);

    /** A log of secrets, PII, plain text, failed calls, broken and unknown lines, in a fixed mix. */
    private static byte[] log(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String output = switch (i % 6) {
                case 0 -> "Use AKIAQYLPMN5HFIQR7XB2 for the upload.";
                case 1 -> "Write to jane.doe" + i + "@corp.io or call +49 30 901820" + (i % 10) + ".";
                case 2 -> "Here is the summary you asked for, number " + i + ".";
                case 3 -> null;
                case 4 -> "{not json";
                default -> "We guarantee a full refund by Friday.";
            };
            if (output == null) {
                b.append("{\"schema\":\"secondlook.v1\",\"id\":\"f").append(i)
                        .append("\",\"output\":\"x\",\"error\":\"boom\"}");
            } else if (output.startsWith("{")) {
                b.append(output);
            } else {
                b.append(MAPPER.createObjectNode().put("schema", "secondlook.v1").put("id", "r" + i)
                        .put("output", output));
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> run(int threads, int window) throws IOException {
        return run(threads, window, Long.MAX_VALUE);
    }

    private static List<String> runCapped(int threads, long maxBytes) throws IOException {
        return run(threads, 64, maxBytes);
    }

    private static List<String> run(int threads, int window, long maxBytes) throws IOException {
        RecordJudge judge = new RecordJudge(RecordNormalizer.offline(), PolicyLoader.loadDefault(),
                JudgeBudget.defaults(), MAPPER);
        List<String> out = new ArrayList<>();
        try (RecordJudge.Records records = judge.open(new ByteArrayInputStream(log(3_000)), LOG, 1 << 20,
                1L << 30)) {
            long n = OrderedJudging.run(records, threads, window, maxBytes,
                    r -> out.add(r.line() + " " + describe(r)));
            assertEquals(out.size(), n);
        }
        return out;
    }

    private static String describe(JudgedRecord r) {
        if (r instanceof JudgedRecord.Judged j) {
            return j.judgement().decision() + " " + j.judgement().ruleIds();
        }
        return r instanceof JudgedRecord.Skipped s ? "skipped " + s.code() : "rejected "
                + ((JudgedRecord.Rejected) r).code();
    }

    @Test
    void onSeveralThreads_everyRecordComesOutOnce_inTheLogsOrder_judgedAsOnOne() throws IOException {
        List<String> one = run(1, 1);
        assertEquals(3_000, one.size());
        for (int i = 0; i < one.size(); i++) {
            assertEquals(String.valueOf(i + 1), one.get(i).substring(0, one.get(i).indexOf(' ')));
        }
        assertEquals(one, run(4, 64));
        assertEquals(one, run(2, 1), "a window of one still works");
        assertEquals(one, runCapped(3, 200), "a cap of 200 characters in flight: mostly one record at a time");
    }

    @Test
    void aSinkFailure_stopsTheRunAndIsThrown() throws IOException {
        RecordJudge judge = new RecordJudge(RecordNormalizer.offline(), PolicyLoader.loadDefault(),
                JudgeBudget.defaults(), MAPPER);
        try (RecordJudge.Records records = judge.open(new ByteArrayInputStream(log(500)), LOG, 1 << 20, 1L << 30)) {
            int[] seen = {0};
            IOException e = assertThrows(IOException.class, () -> OrderedJudging.run(records, 3, 16, r -> {
                if (++seen[0] == 100) {
                    throw new IOException("stdout closed");
                }
            }));
            assertEquals("stdout closed", e.getMessage());
            assertEquals(100, seen[0]);
        }
    }

    @Test
    void aLogThatFailsToReadOn_handsOnWhatWasReadBefore_thenThrows() throws IOException {
        RecordJudge judge = new RecordJudge(RecordNormalizer.offline(), PolicyLoader.loadDefault(),
                JudgeBudget.defaults(), MAPPER);
        byte[] good = log(300);
        java.io.InputStream failing = new java.io.SequenceInputStream(new ByteArrayInputStream(good),
                new java.io.InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });
        List<Long> lines = new ArrayList<>();
        try (RecordJudge.Records records = judge.open(failing, LOG, 1 << 20, 1L << 30)) {
            IOException e = assertThrows(IOException.class, () -> OrderedJudging.run(records, 2, 64,
                    r -> lines.add(r.line())));
            assertEquals("connection reset", e.getMessage());
        }
        assertEquals(300, lines.size(), "every record read before the failure reached the sink");
        for (int k = 0; k < lines.size(); k++) {
            assertEquals(k + 1, lines.get(k));
        }
    }

    @Test
    void aLineOfManyInteractions_andASidecarThatFailsToRead_comeOutAsOnOneThread() throws IOException {
        // 0-3 lines before the sidecar's: with two threads and a window of 16 the batches hold 4 records, so the
        // failing record is first, second, third and last of its batch: the records before it in the batch are
        // handed on, then the failure
        for (int extra = 0; extra < 4; extra++) {
            sidecarFailure(extra);
        }
    }

    private void sidecarFailure(int extra) throws IOException {
        byte[] spans = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/test/resources/dev/secondlook/"
                + "core/ingest/IngestFuzzTestInputs/anyObject_isIngested_withEveryRecordAccountedFor/"
                + "seed-otel-genai-spans.jsonl"));
        String generic = "{\"schema\":\"secondlook.v1\",\"id\":\"g%d\",\"output\":\"Write to jane@corp.io\"}\n";
        String sidecar = "{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"side-1\",\"operation\":\"Converse\","
                + "\"modelId\":\"m\",\"input\":{\"inputBodyS3Path\":\"s3://logs/in.json\"},"
                + "\"output\":{\"outputBodyS3Path\":\"s3://logs/out.json\"}}\n";
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 40; i++) {
            log.write(String.format(generic, i).getBytes(StandardCharsets.UTF_8));
            log.write(spans);
            if (spans[spans.length - 1] != '\n') {
                log.write('\n');
            }
        }
        for (int k = 0; k < extra; k++) {
            log.write(String.format(generic, 1000 + k).getBytes(StandardCharsets.UTF_8));
        }
        log.write(sidecar.getBytes(StandardCharsets.UTF_8));
        log.write(String.format(generic, 99).getBytes(StandardCharsets.UTF_8));
        RecordNormalizer failingSidecars = new RecordNormalizer((bucket, key) -> {
            throw new IOException("sidecar read timed out");
        }, java.util.Set.of(), 1 << 20);
        RecordJudge judge = new RecordJudge(failingSidecars, PolicyLoader.loadDefault(), JudgeBudget.defaults(),
                MAPPER);
        java.util.Map<Integer, List<String>> byThreads = new java.util.HashMap<>();
        for (int threads : new int[] {1, 2}) {
            List<String> out = new ArrayList<>();
            try (RecordJudge.Records records = judge.open(new ByteArrayInputStream(log.toByteArray()), LOG, 1 << 20,
                    1L << 30)) {
                java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                        () -> OrderedJudging.run(records, threads, 16, r -> out.add(r.line() + " " + describe(r))));
                assertEquals("sidecar read timed out", e.getCause().getMessage());
                // one thread stops at the sidecar's line; two may have parsed the line after it as well
                long parsed = records.parsedValues();
                long upTo = 81 + extra;
                assertTrue(threads == 1 ? parsed == upTo : parsed == upTo || parsed == upTo + 1, "the lines up to "
                        + "the sidecar's: " + parsed);
            }
            byThreads.put(threads, out);
        }
        List<String> one = byThreads.get(1);
        long perSpansLine = one.stream().filter(l -> l.startsWith("2 ")).count();
        assertTrue(perSpansLine > 1, "the spans line holds several interactions: " + perSpansLine);
        assertEquals(40 * (1 + perSpansLine) + extra, one.size(), "every record before the sidecar's line, none "
                + "after");
        assertEquals(one, byThreads.get(2), "two threads, " + extra + " lines before the sidecar's");
    }
}
