package dev.secondlook.core.evalrun;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The release gate's verdict on a run: it blocks when any case ended in error (no verdict is not a pass), and,
 * against a baseline, when a case newly fails ({@link Mode#NEW_FAILURES}) or when the pass rate drops significantly
 * ({@link Mode#SIGNIFICANT_DROP}: more new failures than fixes at an exact McNemar p below alpha). Without a
 * baseline nothing is new.
 */
public final class ReleaseGate {

    /** What blocks besides errors. */
    public enum Mode {
        NEW_FAILURES("new-failures"), SIGNIFICANT_DROP("significant-drop");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** @throws IllegalArgumentException for an unknown name */
        public static Mode parse(String s) {
            for (Mode m : values()) {
                if (m.wireName.equals(s)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown gate '" + s + "' (new-failures or significant-drop)");
        }
    }

    private ReleaseGate() {
    }

    /** Why the gate blocks; empty when it passes. */
    public static List<String> blocking(EvalRun run, Mode mode, double alpha) {
        List<String> why = new ArrayList<>();
        if (run.errors() > 0) {
            why.add(run.errors() + " case(s) ended in error (no verdict is not a pass)");
        }
        BaselineComparison b = run.baseline();
        if (b != null) {
            if (mode == Mode.NEW_FAILURES && !b.newFailures().isEmpty()) {
                why.add(b.newFailures().size() + " new failure(s) against " + b.runId());
            } else if (mode == Mode.SIGNIFICANT_DROP && b.significantDrop(alpha)) {
                why.add(String.format(Locale.ROOT, "pass rate dropped against %s: %d new failure(s), %d fixed, "
                        + "McNemar p = %.4g < %s", b.runId(), b.newFailures().size(), b.fixed().size(), b.mcnemarP(),
                        alpha));
            }
        }
        return why;
    }
}
