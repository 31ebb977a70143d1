package dev.secondlook.core.policy;

import java.time.Duration;

/**
 * When judging one record must stop. Checked between rules and, through {@link #watch(String)}, while a regular
 * expression runs: a linear-time match over a large text still takes a while, and the budget must hold inside it.
 */
final class Deadline {

    /** No deadline: {@link Policy#judge(dev.secondlook.core.model.Interaction)} and the policy test suite. */
    static final Deadline NONE = new Deadline(0, Duration.ZERO);

    /**
     * How many characters a watched text hands out between two clock reads: a clock read costs about as much as
     * scanning a few dozen characters, and the costliest program the loader accepts (about 30 us a character,
     * measured) gets through this many in about 35 ms, so a budget is overrun by no more than that.
     */
    private static final int CHARS_PER_CHECK = 1024;

    private static final Duration A_CENTURY = Duration.ofDays(36_525);

    private long at;
    private final Duration budget;

    private Deadline(long at, Duration budget) {
        this.at = at;
        this.budget = budget;
    }

    static Deadline after(Duration budget) {
        // Duration.toNanos overflows past 292 years; a century is no limit either way
        long nanos = budget.compareTo(A_CENTURY) > 0 ? A_CENTURY.toNanos() : budget.toNanos();
        return new Deadline(System.nanoTime() + nanos, budget);
    }

    /**
     * Moves the deadline on by work that is not the record's (building the exemplar index, which loads the
     * embedding model once per container).
     */
    void extend(long nanos) {
        if (this != NONE && nanos > 0) {
            at += nanos;
        }
    }

    /** @throws JudgeTimeoutException when the deadline has passed */
    void check() {
        if (this != NONE && System.nanoTime() - at > 0) {
            throw new JudgeTimeoutException(budget);
        }
    }

    /** The text as the regex engine reads it: with a deadline, reading it checks the clock every so often. */
    CharSequence watch(String text) {
        return this == NONE ? text : new Watched(text, this);
    }

    /**
     * The text from {@code from} on, as the regex engine reads it (a view, not a copy): a pattern anchored there
     * with {@code lookingAt} reads only as far as its match can reach. With a deadline, reading checks the clock.
     */
    CharSequence watch(String text, int from) {
        return new Slice(text, from, this == NONE ? null : counter());
    }

    /** Calls {@link #check()} once per {@code period} calls of {@link #tick()}. */
    final class Counter {
        private final int period;
        private int left;

        private Counter(int period) {
            this.period = period;
            this.left = period;
        }

        void tick() {
            if (--left <= 0) {
                left = period;
                check();
            }
        }
    }

    /** A counter that reads the clock once per {@code CHARS_PER_CHECK} characters read. */
    Counter counter() {
        return new Counter(CHARS_PER_CHECK);
    }

    /**
     * A counter that reads the clock once per {@code period} ticks: for work counted in larger units than
     * characters (rules, each of which checks its own long scans).
     */
    Counter counter(int period) {
        return new Counter(period);
    }

    private static final class Slice implements CharSequence {
        private final String text;
        private final int from;
        private final Counter counter;

        Slice(String text, int from, Counter counter) {
            this.text = text;
            this.from = from;
            this.counter = counter;
        }

        @Override
        public int length() {
            return text.length() - from;
        }

        @Override
        public char charAt(int index) {
            if (counter != null) {
                counter.tick();
            }
            return text.charAt(from + index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(from + start, from + end);
        }

        @Override
        public String toString() {
            return text.substring(from);
        }
    }

    private static final class Watched implements CharSequence {
        private final String text;
        private final Counter counter;

        Watched(String text, Deadline deadline) {
            this.text = text;
            this.counter = deadline.counter();
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            counter.tick();
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
