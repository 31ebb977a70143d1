package dev.secondlook.core.policy;

/**
 * What a rule does when it fires: {@code page} (a human now, plus an escalation), {@code review} (priority
 * queue), {@code sample:<rate>} (raise the sampling rate of the record's stratum to at least rate), or
 * {@code ignore} (record evidence, exclude the record from random sampling).
 */
public record Outcome(Kind kind, double rate) {

    public enum Kind { IGNORE, SAMPLE, REVIEW, PAGE }

    /** Parses {@code page}, {@code review}, {@code ignore} or {@code sample:<rate in [0,1]>}. */
    public static Outcome parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("outcome is required (page, review, sample:<rate> or ignore)");
        }
        switch (s) {
            case "page":
                return new Outcome(Kind.PAGE, 1.0);
            case "review":
                return new Outcome(Kind.REVIEW, 1.0);
            case "ignore":
                return new Outcome(Kind.IGNORE, 0.0);
            default:
                if (s.startsWith("sample:")) {
                    double rate;
                    try {
                        rate = Double.parseDouble(s.substring("sample:".length()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("outcome '" + s + "': rate is not a number");
                    }
                    if (!(rate >= 0 && rate <= 1)) {
                        throw new IllegalArgumentException("outcome '" + s + "': rate must be within [0, 1]");
                    }
                    return new Outcome(Kind.SAMPLE, rate);
                }
                throw new IllegalArgumentException("unknown outcome '" + s
                        + "' (expected page, review, sample:<rate> or ignore)");
        }
    }
}
