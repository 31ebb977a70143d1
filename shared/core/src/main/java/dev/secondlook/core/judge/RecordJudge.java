package dev.secondlook.core.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.normalize.NormalizeResult;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.JudgeTimeoutException;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.read.LogRecordReader;
import dev.secondlook.core.read.RawRecord;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;

/**
 * Reads a log, normalises each record and judges it with a policy, within a {@link JudgeBudget} per record: the
 * one path that ingest ({@code IngestLogObject}) and {@code ./secondlook rules check} share, so both decide alike.
 *
 * <p>Contract: every record position of the log comes out as exactly one {@link JudgedRecord}, in order. One
 * record cannot stop the others: a record whose text exceeds the budget, whose judging takes longer than the
 * budget, or whose normalising or judging throws (an exception, {@link StackOverflowError} or
 * {@link OutOfMemoryError}) comes out as {@link JudgedRecord.Rejected} with code
 * {@value JudgedRecord#JUDGE_FAILED} and a reason that names the limit or the error class, never the record's
 * text; the next record is judged as usual.
 *
 * <p>What it throws: {@link IOException} from {@link Records#next()} when the log cannot be read (a transient
 * failure: retry the whole log), {@link UncheckedIOException} when a Bedrock sidecar cannot be read for a
 * transient reason, and errors that say the deployment itself is broken rather than one record
 * ({@link LinkageError}, {@link InternalError} and other {@link VirtualMachineError}s, and
 * {@link dev.secondlook.core.similar.EmbedderUnavailableException}): quarantining every record
 * of every log for those would mark logs finished that were never judged.
 *
 * <p>Thread-safe: one instance serves any number of logs; each {@link Records} belongs to one thread.
 */
public final class RecordJudge {

    private static final int PREVIEW_CHARS = 512;

    private final RecordNormalizer normalizer;
    private final Policy policy;
    private final JudgeBudget budget;
    private final ObjectMapper mapper;

    public RecordJudge(RecordNormalizer normalizer, Policy policy, JudgeBudget budget, ObjectMapper mapper) {
        this.normalizer = normalizer;
        this.policy = policy;
        this.budget = budget;
        this.mapper = mapper;
    }

    public Policy policy() {
        return policy;
    }

    public JudgeBudget budget() {
        return budget;
    }

    /**
     * Opens a log for reading and judging, record by record.
     *
     * @param in                   the log's bytes, gzip or plain; closed with the returned {@link Records}
     * @param object               where the log is, for each record's {@link SourceRef} (a local file can be named
     *                             {@code new ObjectRef("local", fileName, null, null, -1)})
     * @param maxRecordBytes       longest record read (a longer one is rejected as {@code record-too-large})
     * @param maxDecompressedBytes most uncompressed bytes read from the log
     * @throws IOException when the log cannot be read
     */
    public Records open(InputStream in, ObjectRef object, int maxRecordBytes, long maxDecompressedBytes)
            throws IOException {
        return new Records(new LogRecordReader(in, mapper, maxRecordBytes, maxDecompressedBytes), object);
    }

    /**
     * Judges one normalised interaction within the budget: {@link JudgedRecord.Judged}, or
     * {@link JudgedRecord.Rejected} ({@value JudgedRecord#JUDGE_FAILED}) with an empty preview.
     */
    public JudgedRecord judge(Interaction interaction, long line) {
        return judge(interaction, line, null);
    }

    private JudgedRecord judge(Interaction interaction, long line, JsonNode raw) {
        long chars = (long) interaction.systemPrompt().length() + interaction.prompt().length()
                + interaction.output().length();
        if (chars > budget.maxTextChars()) {
            return failed(line, "judge budget: " + chars + " characters of text, more than the "
                    + budget.maxTextChars() + " a record may have", raw);
        }
        try {
            return new JudgedRecord.Judged(line, interaction, policy.judge(interaction, budget.maxTime()));
        } catch (JudgeTimeoutException e) {
            return failed(line, "judge budget: " + e.getMessage(), raw);
        } catch (Throwable t) {
            if (!causedByTheRecord(t)) {
                throw t;
            }
            return failed(line, "judging failed: " + t.getClass().getSimpleName(), raw);
        }
    }

    private List<NormalizeResult> normalize(RawRecord.Parsed parsed, ObjectRef object) {
        try {
            return normalizer.normalize(parsed.json(), SourceRef.of(object, parsed.line()));
        } catch (UncheckedIOException e) {
            throw e;
        } catch (Throwable t) {
            if (!causedByTheRecord(t)) {
                throw t;
            }
            return List.of(new NormalizeResult.Rejected(JudgedRecord.JUDGE_FAILED,
                    "normalising failed: " + t.getClass().getSimpleName()));
        }
    }

    /**
     * Whether a throwable is this record's doing (and so ends as its quarantine) rather than the deployment's:
     * exceptions, and the stack or heap exhausted while working on it - both are given back once the work on the
     * record is unwound.
     */
    private static boolean causedByTheRecord(Throwable t) {
        if (t instanceof dev.secondlook.core.similar.EmbedderUnavailableException) {
            // the similar rules' model cannot load: the deployment is broken, every gated record would fail alike
            return false;
        }
        return t instanceof Exception || t instanceof StackOverflowError || t instanceof OutOfMemoryError
                || t instanceof AssertionError;
    }

    private JudgedRecord.Rejected failed(long line, String reason, JsonNode raw) {
        return new JudgedRecord.Rejected(line, JudgedRecord.JUDGE_FAILED, reason, preview(raw));
    }

    private static String preview(JsonNode json) {
        if (json == null) {
            return "";
        }
        String s = json.toString();
        return s.length() <= PREVIEW_CHARS ? s : s.substring(0, PREVIEW_CHARS);
    }

    /**
     * One record of a log, read and normalised: either already final, or an interaction still to judge.
     */
    public final class Pending {
        private final JudgedRecord done;
        private final Interaction interaction;
        private final long line;
        private final JsonNode raw;

        private Pending(JudgedRecord done, Interaction interaction, long line, JsonNode raw) {
            this.done = done;
            this.interaction = interaction;
            this.line = line;
            this.raw = raw;
        }

        /** Characters of text this record holds while it waits to be judged (0 when its outcome is final). */
        public long chars() {
            return interaction == null ? 0 : (long) interaction.systemPrompt().length() + interaction.prompt().length()
                    + interaction.output().length();
        }

        /** Whether {@link #judge()} has work to do (a policy to run), rather than a final outcome to hand back. */
        public boolean needsJudging() {
            return done == null;
        }

        /** The record's outcome: judged now within the budget, or the final one it had. Thread-safe. */
        public JudgedRecord judge() {
            return done != null ? done : RecordJudge.this.judge(interaction, line, raw);
        }
    }

    /** The records of one open log, read, normalised and judged one at a time. Not thread-safe. */
    public final class Records implements Closeable {

        private final LogRecordReader reader;
        private final ObjectRef object;
        private RawRecord.Parsed current;
        private Iterator<NormalizeResult> results = List.<NormalizeResult>of().iterator();
        private long parsed;

        private Records(LogRecordReader reader, ObjectRef object) {
            this.reader = reader;
            this.object = object;
        }

        /**
         * The next record's outcome, or null at the end of the log.
         *
         * @throws IOException when the log cannot be read (a transient failure: retry the whole log)
         */
        public JudgedRecord next() throws IOException {
            Pending p = prepare();
            return p == null ? null : p.judge();
        }

        /**
         * The next record read and normalised but not judged yet: a {@link Pending} whose {@link Pending#judge()}
         * finishes it (on any thread: judging is thread-safe), or an outcome already final (skipped, rejected);
         * null at the end of the log. {@link #next()} is this, judged at once.
         *
         * @throws IOException when the log cannot be read
         */
        public Pending prepare() throws IOException {
            while (!results.hasNext()) {
                RawRecord raw = reader.next();
                if (raw == null) {
                    return null;
                }
                if (raw instanceof RawRecord.Rejected r) {
                    return new Pending(new JudgedRecord.Rejected(r.line(), r.code(), r.detail(), r.preview()),
                            null, 0, null);
                }
                current = (RawRecord.Parsed) raw;
                parsed++;
                results = normalize(current, object).iterator();
            }
            NormalizeResult result = results.next();
            long line = current.line();
            if (result instanceof NormalizeResult.Rejected r) {
                return new Pending(new JudgedRecord.Rejected(line, r.code(), r.detail(), preview(current.json())),
                        null, 0, null);
            }
            if (result instanceof NormalizeResult.Skipped s) {
                return new Pending(new JudgedRecord.Skipped(line, s.code(), s.detail()), null, 0, null);
            }
            return new Pending(null, ((NormalizeResult.Normalized) result).interaction(), line, current.json());
        }

        /** How many values of the log parsed as JSON so far (a log of which none does is not a log). */
        public long parsedValues() {
            return parsed;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
