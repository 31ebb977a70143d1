package dev.secondlook.core.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.normalize.NormalizeResult;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.JudgeTimeoutException;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PromptNeeded;
import dev.secondlook.core.read.LogRecordReader;
import dev.secondlook.core.read.RawRecord;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

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
    private final ObjectReader lineReader;
    /** Whether lines may be read straight from their bytes ({@link RecordNormalizer#normalizeLine}). */
    private final boolean readsLines;
    /** See {@link #promptsWhenSelected()}. */
    private final boolean promptsWhenSelected;

    public RecordJudge(RecordNormalizer normalizer, Policy policy, JudgeBudget budget, ObjectMapper mapper) {
        this(normalizer, policy, budget, mapper, false);
    }

    private RecordJudge(RecordNormalizer normalizer, Policy policy, JudgeBudget budget, ObjectMapper mapper,
                        boolean promptsWhenSelected) {
        this.promptsWhenSelected = promptsWhenSelected;
        this.normalizer = normalizer;
        this.policy = policy;
        this.budget = budget;
        this.mapper = mapper;
        this.lineReader = LogRecordReader.lineReader(mapper);
        // the extractor reads lines as a tree built with the default features would be read: a duplicate key's
        // last value wins
        this.readsLines = !mapper.isEnabled(com.fasterxml.jackson.databind.DeserializationFeature
                .FAIL_ON_READING_DUP_TREE_KEY);
    }

    public Policy policy() {
        return policy;
    }

    /**
     * This judge, reading a record's prompt only when it is needed, for a caller that uses the prompt of selected
     * records only (ingest stores it for review; {@code rules check} prints none). A Bedrock line is first read
     * without it (its user and assistant turns skipped, not decoded) and judged with
     * {@link Policy#judgeWithoutPrompt}; it is read again in full when a rule reads the prompt (and judged again,
     * each time within the budget) or when it is selected (its prompt's turns alone). A {@link JudgedRecord.Judged}
     * that is not selected may then have an empty prompt. The judgement is the full read's (but for what the time
     * budget itself makes uncertain: a record judged twice runs the similar rules' model on a warmer cache). When
     * more than a quarter of a log's records need their prompt (a policy that reads every prompt), the rest of that
     * log is read in one step.
     */
    public RecordJudge promptsWhenSelected() {
        return new RecordJudge(normalizer, policy, budget, mapper, true);
    }

    /** One log's records judged without their prompt first, and those of them whose judging then needed it. */
    static final class PromptDeferral {
        private final LongAdder deferred = new LongAdder();
        private final LongAdder needed = new LongAdder();

        /** Some slack at the start, then at most one record in four read twice. */
        boolean defers() {
            return needed.sum() * 4 <= deferred.sum() + 64;
        }
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

    /**
     * A line read straight from its bytes and judged, or null when it must be parsed into a tree. Read without its
     * prompt first while the log's {@link PromptDeferral} allows (a line's text is never longer than its bytes, so
     * a line of at most half the text budget cannot be over it with its prompt either), then in full if a rule
     * reads the prompt or the record is selected.
     */
    private JudgedRecord judgeLine(RawRecord.Line l, SourceRef source, PromptDeferral deferral) {
        byte[] bytes = l.bytes();
        if (promptsWhenSelected && bytes.length <= budget.maxTextChars() / 2 && deferral.defers()) {
            RecordNormalizer.LineWithoutPrompt partial = normalizer.normalizeLineWithoutPrompt(mapper.getFactory(),
                    bytes, source);
            if (partial == null) {
                return null;
            }
            deferral.deferred.increment();
            JudgedRecord judged = judgeRead(partial.interaction(), l.line(), l, true);
            if (judged == null) {
                deferral.needed.increment();
            } else if (!(judged instanceof JudgedRecord.Judged j) || !j.judgement().selected()) {
                return judged;
            } else {
                // the prompt's turns read alone (or, failing that, the whole line again)
                Interaction full = normalizer.completePrompt(mapper.getFactory(), bytes, partial);
                if (full == null) {
                    full = normalizer.normalizeLine(mapper.getFactory(), bytes, source);
                }
                return full == null ? null : new JudgedRecord.Judged(j.line(), full, j.judgement());
            }
        }
        Interaction read = normalizer.normalizeLine(mapper.getFactory(), bytes, source);
        return read == null ? null : judgeRead(read, l.line(), l, false);
    }

    /**
     * {@link #judge(Interaction, long)} of an interaction read from a line without a tree; without its prompt when
     * {@code promptAbsent}, and then null when a rule reads the prompt.
     */
    private JudgedRecord judgeRead(Interaction interaction, long line, RawRecord.Line raw, boolean promptAbsent) {
        JudgedRecord judged = judge(interaction, line, null, promptAbsent);
        if (judged == null) {
            return null;
        }
        if (judged instanceof JudgedRecord.Rejected rejected) {
            // rare: build the tree only now, so that the quarantine's preview is the one the tree path gives
            try {
                RawRecord tree = LogRecordReader.parseValidUtf8(lineReader, raw);
                if (tree instanceof RawRecord.Parsed p) {
                    return new JudgedRecord.Rejected(rejected.line(), rejected.code(), rejected.detail(),
                            preview(p.json()));
                }
            } catch (Throwable t) {
                if (!causedByTheRecord(t)) {
                    throw t;
                }
                // the heap or stack ran out again building the tree: quarantined without a preview
            }
        }
        return judged;
    }

    private JudgedRecord judge(Interaction interaction, long line, JsonNode raw) {
        return judge(interaction, line, raw, false);
    }

    /** Judged, skipped or rejected; null only when {@code promptAbsent} and a rule reads the prompt. */
    private JudgedRecord judge(Interaction interaction, long line, JsonNode raw, boolean promptAbsent) {
        long chars = interaction.textLength();
        if (chars > budget.maxTextChars()) {
            return failed(line, "judge budget: " + chars + " characters of text, more than the "
                    + budget.maxTextChars() + " a record may have", raw);
        }
        try {
            return new JudgedRecord.Judged(line, interaction, promptAbsent
                    ? policy.judgeWithoutPrompt(interaction, budget.maxTime())
                    : policy.judge(interaction, budget.maxTime()));
        } catch (PromptNeeded e) {
            return null;
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
     * One record position of a log, read but not parsed yet: either already final (the reader rejected it), or a
     * line still to parse, normalise and judge. The work is {@link #judge()}'s, so that it can run on another
     * thread than the reading: parsing a record is a large part of its cost.
     */
    public final class Pending {
        private final JudgedRecord done;
        private final RawRecord raw;
        private final ObjectRef object;
        private final AtomicLong parsed;
        private final PromptDeferral deferral;

        private Pending(JudgedRecord done, RawRecord raw, ObjectRef object, AtomicLong parsed,
                        PromptDeferral deferral) {
            this.deferral = deferral;
            this.done = done;
            this.raw = raw;
            this.object = object;
            this.parsed = parsed;
        }

        /** Bytes this record holds while it waits to be judged (0 when its outcome is final or it came parsed). */
        public long bytes() {
            return raw instanceof RawRecord.Line l ? l.bytes().length : 0;
        }

        /** Whether {@link #judge()} has work to do, rather than a final outcome to hand back. */
        public boolean needsJudging() {
            return done == null;
        }

        /**
         * The outcomes of the record's position, in order: one, or several when one value holds several
         * interactions (an OTLP batch). Parsed, normalised and judged now, each interaction within the budget.
         * Thread-safe.
         *
         * @throws UncheckedIOException when a Bedrock sidecar cannot be read for a transient reason
         */
        public List<JudgedRecord> judge() {
            if (done != null) {
                return List.of(done);
            }
            RawRecord r = raw;
            if (raw instanceof RawRecord.Line l) {
                boolean utf8 = LogRecordReader.isValidUtf8(l);
                JudgedRecord read = utf8 && readsLines ? judgeLine(l, SourceRef.of(object, l.line()), deferral)
                        : null;
                if (read != null) {
                    parsed.incrementAndGet();
                    return List.of(read);
                }
                r = utf8 ? LogRecordReader.parseValidUtf8(lineReader, l) : LogRecordReader.parse(lineReader, l);
            }
            if (r instanceof RawRecord.Rejected rejected) {
                return List.of(new JudgedRecord.Rejected(rejected.line(), rejected.code(), rejected.detail(),
                        rejected.preview()));
            }
            RawRecord.Parsed value = (RawRecord.Parsed) r;
            parsed.incrementAndGet();
            List<NormalizeResult> results = normalize(value, object);
            List<JudgedRecord> out = new ArrayList<>(results.size());
            long line = value.line();
            for (NormalizeResult result : results) {
                if (result instanceof NormalizeResult.Rejected rejected) {
                    out.add(new JudgedRecord.Rejected(line, rejected.code(), rejected.detail(),
                            preview(value.json())));
                } else if (result instanceof NormalizeResult.Skipped skipped) {
                    out.add(new JudgedRecord.Skipped(line, skipped.code(), skipped.detail()));
                } else {
                    out.add(RecordJudge.this.judge(((NormalizeResult.Normalized) result).interaction(), line,
                            value.json()));
                }
            }
            return out;
        }
    }

    /** The records of one open log, read, normalised and judged one at a time. Not thread-safe. */
    public final class Records implements Closeable {

        private final LogRecordReader reader;
        private final ObjectRef object;
        private final AtomicLong parsed = new AtomicLong();
        private final PromptDeferral deferral = new PromptDeferral();
        private final ArrayDeque<JudgedRecord> ready = new ArrayDeque<>();

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
            while (ready.isEmpty()) {
                Pending p = prepare();
                if (p == null) {
                    return null;
                }
                ready.addAll(p.judge());
            }
            return ready.poll();
        }

        /**
         * The next record position read but not parsed yet: a {@link Pending} whose {@link Pending#judge()}
         * finishes it (on any thread: judging is thread-safe); null at the end of the log. {@link #next()} is
         * this, judged at once.
         *
         * @throws IOException when the log cannot be read
         */
        public Pending prepare() throws IOException {
            RawRecord raw = reader.nextLine();
            if (raw == null) {
                return null;
            }
            if (raw instanceof RawRecord.Rejected r) {
                return new Pending(new JudgedRecord.Rejected(r.line(), r.code(), r.detail(), r.preview()), null,
                        object, parsed, deferral);
            }
            return new Pending(null, raw, object, parsed, deferral);
        }

        /** Whether this log's lines are still read without their prompt first (see {@link #promptsWhenSelected()}). */
        boolean defersPrompts() {
            return promptsWhenSelected && deferral.defers();
        }

        /** How many values of the log parsed as JSON so far (a log of which none does is not a log). */
        public long parsedValues() {
            return parsed.get();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
