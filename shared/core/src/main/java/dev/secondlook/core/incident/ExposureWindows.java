package dev.secondlook.core.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Who saw it and how fast: per lane and severity, the distributions (p50, p95, nearest rank) of the time from
 * delivery to the first human look, to the verdict, to acknowledgement and to mitigation. A step that has not
 * happened yet leaves the incident out of that step's figures ({@code n} says how many count).
 */
public final class ExposureWindows {

    private ExposureWindows() {
    }

    /**
     * One step's figures, in seconds.
     *
     * @param n   incidents that reached the step
     * @param p50 median, or null when n is 0
     * @param p95 95th percentile, or null when n is 0
     */
    public record Step(int n, Long p50, Long p95) {
    }

    /** One lane and severity's figures (lane or severity {@code any} for all). */
    public record Row(String lane, String severity, int incidents, Step toFirstLook, Step toVerdict,
                      Step toAcknowledged, Step toMitigated) {
    }

    /** Rows per lane × severity, plus the overall row ({@code any}, {@code any}) first. */
    public static List<Row> of(List<Incident> incidents) {
        Map<String, List<Incident>> groups = new TreeMap<>();
        for (Incident i : incidents) {
            groups.computeIfAbsent(i.source().lane() + "\u0000" + i.severity().wireName(), k -> new ArrayList<>())
                    .add(i);
        }
        List<Row> rows = new ArrayList<>();
        rows.add(row("any", "any", incidents));
        groups.forEach((k, v) -> {
            String[] parts = k.split("\u0000", 2);
            rows.add(row(parts[0], parts[1], v));
        });
        return rows;
    }

    private static Row row(String lane, String severity, List<Incident> group) {
        return new Row(lane, severity, group.size(), step(group, t -> t.firstLookAt()),
                step(group, t -> t.verdictAt()), step(group, t -> t.acknowledgedAt()),
                step(group, t -> t.mitigatedAt()));
    }

    private static Step step(List<Incident> group, Function<Incident.Times, String> to) {
        long[] seconds = group.stream()
                .filter(i -> i.times().deliveredAt() != null && to.apply(i.times()) != null)
                .mapToLong(i -> Math.max(0, Duration.between(Instant.parse(i.times().deliveredAt()),
                        Instant.parse(to.apply(i.times()))).toSeconds()))
                .sorted().toArray();
        if (seconds.length == 0) {
            return new Step(0, null, null);
        }
        return new Step(seconds.length, rank(seconds, 0.50), rank(seconds, 0.95));
    }

    /** Nearest-rank percentile of sorted values. */
    static long rank(long[] sorted, double p) {
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
