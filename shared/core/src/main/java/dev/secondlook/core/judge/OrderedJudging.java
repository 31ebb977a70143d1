package dev.secondlook.core.judge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Judges the records of one log on several threads and hands the outcomes to a sink in the log's order: the
 * calling thread reads and frames lines (the reader is sequential), {@code threads} workers parse, normalise and
 * judge them, in batches of up to {@value #MAX_BATCH} records, and the sink sees every record exactly once, in
 * order, on the calling thread. At most {@code window} record positions are in flight, holding at most
 * {@code maxBytes} of line bytes and judged text (characters) while they wait, so memory stays bounded whatever the
 * log's size. When the log fails to read on (or a record's sidecar cannot be read), the records before are handed
 * on first. A failure that is not a record's own (the reader's, the sink's, or a broken deployment's) stops the
 * run and is thrown.
 */
public final class OrderedJudging {

    /** Receives each record's outcome, in the log's order. */
    @FunctionalInterface
    public interface Sink {
        void accept(JudgedRecord record) throws IOException;
    }

    private OrderedJudging() {
    }

    /**
     * @param threads workers that run the policy (1: judged on the calling thread, no pool)
     * @param window  most records read ahead of the sink
     * @return how many records the sink received
     * @throws IOException when the log cannot be read or the sink fails
     */
    public static long run(RecordJudge.Records records, int threads, int window, Sink sink) throws IOException {
        return run(records, threads, window, Long.MAX_VALUE, sink);
    }

    /**
     * As {@link #run(RecordJudge.Records, int, int, Sink)}, with the records in flight also bounded by the bytes they
     * hold: a line is read ahead only while the ones waiting hold fewer than {@code maxBytes} (a large record still
     * goes through, alone if need be).
     */
    public static long run(RecordJudge.Records records, int threads, int window, long maxBytes, Sink sink)
            throws IOException {
        if (threads <= 1) {
            long n = 0;
            JudgedRecord r;
            while ((r = records.next()) != null) {
                sink.accept(r);
                n++;
            }
            return n;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "judge");
            t.setDaemon(true);
            return t;
        });
        int batchSize = batchSize(window, threads);
        Run run = new Run(pool, new ArrayBlockingQueue<>(Math.max(1, window / batchSize - 1)), sink);
        try {
            RecordJudge.Pending p;
            while (true) {
                try {
                    p = records.prepare();
                } catch (IOException | RuntimeException e) {
                    // the log failed to read on: what was read before it is judged and handed on first, as one
                    // thread would have
                    try {
                        run.flush();
                        run.drain();
                    } catch (IOException | RuntimeException inner) {
                        e.addSuppressed(inner);
                    }
                    throw e;
                }
                if (p == null) {
                    break;
                }
                // room for this record: the waiting records' bytes stay under the cap unless it is alone
                while (run.held() + p.bytes() > maxBytes && !(run.inFlight.isEmpty() && run.batch.isEmpty())) {
                    if (run.inFlight.isEmpty()) {
                        run.flush();
                    } else {
                        run.handHead();
                    }
                }
                run.batch.add(p);
                run.batchBytes += p.bytes();
                if (run.batch.size() >= batchSize || run.batchBytes >= MAX_BATCH_BYTES) {
                    run.flush();
                }
            }
            run.flush();
            run.drain();
            return run.handed;
        } finally {
            // after a failure: batches not started are not started, and one being judged stops at its next
            // record; a record being judged finishes (within its budget) rather than being interrupted, which
            // could break a lazy load (the model's) for the execution environment
            run.stopped.set(true);
            for (Future<Batch> f : run.inFlight) {
                f.cancel(false);
            }
            pool.shutdown();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Most records handed to a worker at once. A hand-off (a task, two queue entries, often a thread woken) cost
     * about as much CPU as judging a short record; a batch pays it once. Smaller for a small window, so that
     * every worker has batches to take.
     */
    static final int MAX_BATCH = 32;

    /** Line bytes after which a batch is handed off however few records it holds. */
    static final long MAX_BATCH_BYTES = 256 * 1024;

    static int batchSize(int window, int threads) {
        return Math.max(1, Math.min(MAX_BATCH, window / (2 * threads)));
    }

    /**
     * A batch's outcomes, in order: every record's up to the first that threw, and what it threw (null when none).
     */
    private record Batch(List<JudgedRecord> judged, long text, Throwable failure) {
    }

    /** The calling thread's side of a run: the batch it is filling, what is in flight, what they hold. */
    private static final class Run {
        final ExecutorService pool;
        final BlockingQueue<Future<Batch>> inFlight;
        final Sink sink;
        /** Line bytes of each batch in flight, in the queue's order. */
        final ArrayDeque<Long> weights = new ArrayDeque<>();
        /**
         * Text of records judged but not handed on yet (they wait for an earlier, slower one): a short line can
         * become much more (a Bedrock sidecar, an OTLP batch), so what they hold counts against the cap too.
         */
        final AtomicLong judged = new AtomicLong();
        final AtomicBoolean stopped = new AtomicBoolean();
        List<RecordJudge.Pending> batch = new ArrayList<>();
        long batchBytes;
        long bytes;
        long handed;

        Run(ExecutorService pool, BlockingQueue<Future<Batch>> inFlight, Sink sink) {
            this.pool = pool;
            this.inFlight = inFlight;
            this.sink = sink;
        }

        /** Line bytes and judged text the records read but not handed on hold. */
        long held() {
            return bytes + judged.get() + batchBytes;
        }

        /** Hands the batch being filled to a worker, first handing on the oldest in flight when none more fits. */
        void flush() throws IOException {
            if (batch.isEmpty()) {
                return;
            }
            if (inFlight.remainingCapacity() == 0) {
                handHead();
            }
            List<RecordJudge.Pending> work = batch;
            inFlight.add(pool.submit(() -> judge(work, judged, stopped)));
            weights.add(batchBytes);
            bytes += batchBytes;
            batch = new ArrayList<>();
            batchBytes = 0;
        }

        /** Hands on every batch in flight, in order. */
        void drain() throws IOException {
            while (!inFlight.isEmpty()) {
                handHead();
            }
        }

        /** Hands the oldest batch's outcomes to the sink, then throws what its failing record threw, if any. */
        void handHead() throws IOException {
            Batch head = take(inFlight);
            judged.addAndGet(-head.text());
            bytes -= weights.remove();
            handed += hand(head.judged(), sink);
            if (head.failure() instanceof RuntimeException re) {
                throw re;
            }
            if (head.failure() instanceof Error err) {
                throw err;
            }
        }
    }

    /** A worker's part: the batch's records judged in order, stopping at the first that throws. */
    private static Batch judge(List<RecordJudge.Pending> work, AtomicLong judged, AtomicBoolean stopped) {
        List<JudgedRecord> out = new ArrayList<>(work.size());
        Throwable failure = null;
        long text = 0;
        for (RecordJudge.Pending pending : work) {
            if (stopped.get()) {
                break;
            }
            try {
                List<JudgedRecord> one = pending.judge();
                out.addAll(one);
                // counted as each record is done, so the reader sees a batch's text grow (a sidecar, an OTLP
                // batch) before the batch ends
                long t = text(one);
                text += t;
                judged.addAndGet(t);
            } catch (RuntimeException | Error e) {
                failure = e;
                break;
            }
        }
        return new Batch(out, text, failure);
    }

    /** Characters of text the judged records of a list hold. */
    private static long text(List<JudgedRecord> records) {
        long n = 0;
        for (JudgedRecord r : records) {
            if (r instanceof JudgedRecord.Judged j) {
                n += j.interaction().textLength();
            }
        }
        return n;
    }

    private static int hand(List<JudgedRecord> records, Sink sink) throws IOException {
        for (JudgedRecord r : records) {
            sink.accept(r);
        }
        return records.size();
    }

    private static Batch take(BlockingQueue<Future<Batch>> inFlight) throws IOException {
        try {
            return inFlight.remove().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while judging", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new UncheckedIOException(new IOException(cause));
        }
    }
}
