package dev.secondlook.core.judge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Judges the records of one log on several threads and hands the outcomes to a sink in the log's order: the
 * calling thread reads and frames lines (the reader is sequential), {@code threads} workers parse, normalise and
 * judge them, and the sink sees every record exactly once, in order, on the calling thread. At most {@code window}
 * record positions are in flight, holding at most {@code maxBytes} of line bytes and judged text (characters)
 * while they wait, so memory stays bounded whatever the log's size. When the log fails to read on (or a record's
 * sidecar cannot be read), the records before are handed on first. A failure that is not a record's own (the
 * reader's, the sink's, or a broken deployment's) stops the run and is thrown.
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
        BlockingQueue<Future<List<JudgedRecord>>> inFlight = new ArrayBlockingQueue<>(window);
        java.util.ArrayDeque<Long> weights = new java.util.ArrayDeque<>();
        long bytes = 0;
        // text of records judged but not handed on yet (they wait for an earlier, slower one): a short line can
        // become much more (a Bedrock sidecar, an OTLP batch), so what they hold counts against the cap too
        java.util.concurrent.atomic.AtomicLong judged = new java.util.concurrent.atomic.AtomicLong();
        long n = 0;
        try {
            RecordJudge.Pending p;
            while (true) {
                try {
                    p = records.prepare();
                } catch (IOException | RuntimeException e) {
                    // the log failed to read on: what was read before it is judged and handed on first, as one
                    // thread would have
                    try {
                        while (!inFlight.isEmpty()) {
                            for (JudgedRecord r : take(inFlight)) {
                                sink.accept(r);
                            }
                        }
                    } catch (IOException | RuntimeException inner) {
                        e.addSuppressed(inner);
                    }
                    throw e;
                }
                if (p == null) {
                    break;
                }
                while (!inFlight.isEmpty() && (inFlight.remainingCapacity() == 0
                        || bytes + judged.get() + p.bytes() > maxBytes)) {
                    List<JudgedRecord> head = take(inFlight);
                    judged.addAndGet(-text(head));
                    n += hand(head, sink);
                    bytes -= weights.remove();
                }
                RecordJudge.Pending pending = p;
                inFlight.add(pending.needsJudging() ? pool.submit(() -> {
                    List<JudgedRecord> out = pending.judge();
                    judged.addAndGet(text(out));
                    return out;
                }) : CompletableFuture.completedFuture(pending.judge()));
                weights.add(pending.bytes());
                bytes += pending.bytes();
            }
            while (!inFlight.isEmpty()) {
                List<JudgedRecord> head = take(inFlight);
                judged.addAndGet(-text(head));
                n += hand(head, sink);
            }
            return n;
        } finally {
            // after a failure: records not started are not started; a record being judged finishes (within its
            // budget) rather than being interrupted, which could break a lazy load (the model's) for the
            // execution environment
            for (Future<List<JudgedRecord>> f : inFlight) {
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

    private static List<JudgedRecord> take(BlockingQueue<Future<List<JudgedRecord>>> inFlight)
            throws IOException {
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
