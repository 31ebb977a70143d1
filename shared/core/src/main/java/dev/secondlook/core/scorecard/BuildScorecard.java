package dev.secondlook.core.scorecard;

import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.PopulationCell;
import dev.secondlook.core.stats.Agreement;
import dev.secondlook.core.stats.Interval;
import dev.secondlook.core.stats.RateEstimate;
import dev.secondlook.core.stats.RuleRecall;
import dev.secondlook.core.stats.StratifiedRate;
import dev.secondlook.core.stats.StratumCounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Use case: the scorecard of a window. Population cells come from the manifests (hours in the window), verdicts
 * from the review records judged in it; every rate is {@link StratifiedRate}'s estimate over the strata of equal
 * inclusion probability (flagged or not) of its slice. STATISTICS.md describes the method.
 */
public final class BuildScorecard {

    /** The dimensions a report can be broken down by. */
    public static final List<String> DIMENSIONS = List.of("category", "model", "route", "policyVersion");
    /** The category of the overall rate. */
    public static final String ANY = "any";
    /** At most this many categories get a series of their own (the most frequent off-policy ones). */
    static final int SERIES_CATEGORIES = 6;

    private final ScorecardSource source;
    private final Clock clock;

    public BuildScorecard(ScorecardSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /**
     * Builds the scorecard of {@code [since, until)}.
     *
     * @param by      dimensions among {@link #DIMENSIONS}
     * @param targets target rates by category (may be empty)
     * @throws IllegalArgumentException  when a dimension is unknown or the window is empty
     * @throws StoreUnavailableException when the store cannot be read
     */
    public Scorecard build(Instant since, Instant until, List<String> by, Map<String, Double> targets) {
        for (String d : by) {
            if (!DIMENSIONS.contains(d)) {
                throw new IllegalArgumentException("unknown dimension '" + d + "': use " + String.join(", ",
                        DIMENSIONS));
            }
        }
        if (!since.isBefore(until)) {
            throw new IllegalArgumentException("the window is empty: since " + since + " is not before until "
                    + until);
        }
        List<ObjectManifest> manifests = source.manifests(since, until);
        List<ScoredRecord> records = source.records(since, until);
        Data data = Data.of(manifests, records, since, until);

        Set<String> categories = new TreeSet<>(targets.keySet());
        for (ScoredRecord r : data.records) {
            categories.addAll(r.offPolicyCategories());
        }
        List<String> rowCategories = new ArrayList<>();
        rowCategories.add(ANY);
        if (by.contains("category")) {
            rowCategories.addAll(categories);
        }

        Slice all = data.slice(c -> true, r -> true);
        RateEstimate overall = all.estimate(ANY);
        List<Scorecard.Row> rows = new ArrayList<>();
        rows.add(new Scorecard.Row(ANY, null, null, null, overall));
        List<String> groupDims = by.stream().filter(d -> !d.equals("category")).toList();
        if (groupDims.isEmpty()) {
            for (String c : rowCategories.subList(1, rowCategories.size())) {
                rows.add(new Scorecard.Row(c, null, null, null, all.estimate(c)));
            }
        } else {
            for (List<String> group : data.groups(groupDims)) {
                Slice slice = data.slice(c -> group.equals(key(groupDims, c)), r -> group.equals(key(groupDims, r)));
                for (String c : rowCategories) {
                    rows.add(new Scorecard.Row(c, value(groupDims, group, "model"), value(groupDims, group, "route"),
                            value(groupDims, group, "policyVersion"), slice.estimate(c)));
                }
            }
        }

        List<Scorecard.TargetCheck> targetChecks = new ArrayList<>();
        new TreeMap<>(targets).forEach((c, t) -> {
            RateEstimate e = all.estimate(c);
            targetChecks.add(new Scorecard.TargetCheck(c, t, e, e.rate() != null && e.lower() > t));
        });

        Scorecard.Funnel funnel = new Scorecard.Funnel(data.objects, data.read, data.judged, data.selected,
                data.records.stream().filter(ScoredRecord::reviewed).count(),
                data.records.stream().filter(ScoredRecord::offPolicy).count(),
                all.pending(), data.notSampleable, all.uncounted());
        return new Scorecard(since, until, clock.instant(), List.copyOf(by), funnel, overall, rows, rules(data),
                recall(all), agreement(data.records, categories), sla(data.records), series(data, since, until),
                targetChecks);
    }

    private static List<Scorecard.RuleRow> rules(Data data) {
        Map<String, List<ScoredRecord>> byRule = new TreeMap<>();
        for (ScoredRecord r : data.records) {
            for (String id : r.ruleIds()) {
                byRule.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
            }
        }
        List<Scorecard.RuleRow> out = new ArrayList<>();
        byRule.forEach((rule, hits) -> {
            // the rule's population in each stratum is estimated from its selected hits (Horvitz-Thompson):
            // exact for review and page rules, whose hits are all selected
            Map<List<Object>, long[]> strata = new LinkedHashMap<>();
            for (ScoredRecord r : hits) {
                long[] s = strata.computeIfAbsent(List.of(r.flagged(), r.inclusionProbability()), k -> new long[3]);
                s[0]++;
                s[1] += r.reviewed() ? 1 : 0;
                s[2] += r.offPolicy() ? 1 : 0;
            }
            List<StratumCounts> counts = new ArrayList<>();
            strata.forEach((k, s) -> {
                double p = (Double) k.get(1);
                long population = Math.max(s[0], Math.round(s[0] / p));
                counts.add(new StratumCounts((Boolean) k.get(0), p, population, s[0], s[1], s[2]));
            });
            // a rule's precision is about the rule, not this window: the process view, so that a rule whose every
            // hit was reviewed still shows how sure its figure is
            RateEstimate e = StratifiedRate.estimate(counts, 0.95, false);
            out.add(new Scorecard.RuleRow(rule, hits.size(), e.reviewed(),
                    new Interval(e.rate(), e.lower(), e.upper())));
        });
        return out;
    }

    private static Interval recall(Slice all) {
        return RuleRecall.estimate(all.strata(ANY, true), all.strata(ANY, false), 0.95);
    }

    static Scorecard.AgreementSummary agreement(List<ScoredRecord> records, Set<String> categories) {
        List<ScoredRecord> doubled = records.stream().filter(r -> r.independentReviews().size() >= 2).toList();
        List<Agreement.Pair> pairs = new ArrayList<>();
        long disagreements = 0;
        Map<String, long[]> reviewers = new TreeMap<>();
        for (ScoredRecord r : records) {
            if (r.reviewedBy() != null) {
                reviewers.computeIfAbsent(r.reviewedBy(), k -> new long[3])[0]++;
            }
        }
        for (ScoredRecord r : doubled) {
            ScoredRecord.Review a = r.independentReviews().get(0);
            ScoredRecord.Review b = r.independentReviews().get(1);
            boolean agreed = a.outcome().equals(b.outcome());
            pairs.add(new Agreement.Pair(isOff(a), isOff(b)));
            disagreements += agreed ? 0 : 1;
            for (ScoredRecord.Review v : List.of(a, b)) {
                long[] s = reviewers.computeIfAbsent(v.reviewedBy(), k -> new long[3]);
                if (!v.reviewedBy().equals(r.reviewedBy())) {
                    s[0]++; // an independent review that is not the record's final verdict
                }
                s[1]++;
                s[2] += agreed ? 1 : 0;
            }
        }
        List<Scorecard.CategoryKappa> byCategory = new ArrayList<>();
        for (String c : categories) {
            List<Agreement.Pair> cp = new ArrayList<>();
            for (ScoredRecord r : doubled) {
                cp.add(new Agreement.Pair(inCategory(r.independentReviews().get(0), c),
                        inCategory(r.independentReviews().get(1), c)));
            }
            if (!doubled.isEmpty()) {
                byCategory.add(new Scorecard.CategoryKappa(c, Agreement.kappa(cp, 0.95)));
            }
        }
        List<Scorecard.ReviewerStats> stats = new ArrayList<>();
        reviewers.forEach((who, s) -> stats.add(new Scorecard.ReviewerStats(who, s[0], s[1], s[2])));
        return new Scorecard.AgreementSummary(doubled.size(), disagreements, Agreement.kappa(pairs, 0.95),
                byCategory, stats);
    }

    private static boolean isOff(ScoredRecord.Review v) {
        return "off-policy".equals(v.outcome());
    }

    private static boolean inCategory(ScoredRecord.Review v, String category) {
        return isOff(v) && v.categories().contains(category);
    }

    private Scorecard.Sla sla(List<ScoredRecord> records) {
        Instant now = clock.instant();
        long reviewed = 0;
        long within = 0;
        long overdue = 0;
        for (ScoredRecord r : records) {
            if (r.reviewed()) {
                reviewed++;
                within += r.reviewedAt() != null && !r.reviewedAt().isAfter(r.dueAt()) ? 1 : 0;
            } else if (r.dueAt().isBefore(now)) {
                overdue++;
            }
        }
        return new Scorecard.Sla(reviewed, within, overdue);
    }

    private static List<Scorecard.SeriesPoint> series(Data data, Instant since, Instant until) {
        Duration window = Duration.between(since, until);
        ChronoUnit unit = window.compareTo(Duration.ofHours(72)) <= 0 ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        Map<String, Long> frequency = new TreeMap<>();
        for (ScoredRecord r : data.records) {
            for (String c : r.offPolicyCategories()) {
                frequency.merge(c, 1L, Long::sum);
            }
        }
        List<String> categories = new ArrayList<>();
        categories.add(ANY);
        frequency.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(SERIES_CATEGORIES).forEach(e -> categories.add(e.getKey()));
        List<Scorecard.SeriesPoint> out = new ArrayList<>();
        Instant start = since.truncatedTo(unit);
        int buckets = 0;
        while (start.isBefore(until) && buckets++ < 400) {
            Instant s = start;
            Instant e = start.plus(1, unit);
            Slice slice = data.slice(c -> !c.cell().hour().isBefore(s) && c.cell().hour().isBefore(e),
                    r -> !r.createdAt().isBefore(s) && r.createdAt().isBefore(e));
            if (slice.judged() > 0 || slice.recordCount() > 0) {
                for (String c : categories) {
                    out.add(new Scorecard.SeriesPoint(c, s, e, slice.estimate(c)));
                }
            }
            start = e;
        }
        return out;
    }

    private static List<String> key(List<String> dims, Counted c) {
        List<String> k = new ArrayList<>();
        for (String d : dims) {
            k.add(switch (d) {
                case "model" -> c.cell().modelId();
                case "route" -> c.cell().route();
                default -> c.policyVersion();
            });
        }
        return k;
    }

    private static List<String> key(List<String> dims, ScoredRecord r) {
        List<String> k = new ArrayList<>();
        for (String d : dims) {
            k.add(switch (d) {
                case "model" -> r.modelId();
                case "route" -> r.route();
                default -> r.policyVersion();
            });
        }
        return k;
    }

    private static String value(List<String> dims, List<String> group, String dim) {
        int i = dims.indexOf(dim);
        return i < 0 ? null : group.get(i);
    }

    /** A population cell with the policy version of its manifest. */
    record Counted(String policyVersion, PopulationCell cell) {
    }

    /** The window's cells and records. */
    private static final class Data {
        final List<Counted> cells = new ArrayList<>();
        List<ScoredRecord> records;
        long objects;
        long read;
        long judged;
        long selected;
        long notSampleable;

        static Data of(List<ObjectManifest> manifests, List<ScoredRecord> records, Instant since, Instant until) {
            Data d = new Data();
            for (ObjectManifest m : manifests) {
                boolean inWindow = false;
                for (PopulationCell c : m.population()) {
                    if (c.hour().isBefore(since) || !c.hour().isBefore(until)) {
                        continue;
                    }
                    inWindow = true;
                    d.cells.add(new Counted(m.policyVersion(), c));
                    d.judged += c.judged();
                    d.selected += c.selected();
                    if (c.inclusionProbability() <= 0) {
                        d.notSampleable += c.judged();
                    }
                }
                if (inWindow) {
                    d.objects++;
                    d.read += m.read();
                }
            }
            d.records = records.stream().filter(r -> !r.createdAt().isBefore(since) && r.createdAt().isBefore(until))
                    .toList();
            return d;
        }

        /** The distinct groups of cells and records along {@code dims}, in sorted order. */
        List<List<String>> groups(List<String> dims) {
            Set<List<String>> groups = new TreeSet<>(Comparator.comparing(Object::toString));
            for (Counted c : cells) {
                groups.add(key(dims, c));
            }
            for (ScoredRecord r : records) {
                groups.add(key(dims, r));
            }
            return new ArrayList<>(groups);
        }

        Slice slice(Predicate<Counted> cellFilter, Predicate<ScoredRecord> recordFilter) {
            return new Slice(cells.stream().filter(cellFilter).toList(), records.stream().filter(recordFilter)
                    .toList());
        }
    }

    /** The cells and records of one slice (a group, a time bucket or the whole window). */
    private static final class Slice {
        /** (flagged, inclusion probability) -> {judged} from the manifests. */
        private final Map<List<Object>, long[]> population = new LinkedHashMap<>();
        /** (flagged, inclusion probability) -> the review records. */
        private final Map<List<Object>, List<ScoredRecord>> byStratum = new LinkedHashMap<>();
        private final long judged;
        private final int recordCount;

        Slice(List<Counted> cells, List<ScoredRecord> records) {
            long j = 0;
            for (Counted c : cells) {
                j += c.cell().judged();
                if (c.cell().inclusionProbability() <= 0) {
                    continue;
                }
                long[] p = population.computeIfAbsent(List.of(c.cell().flagged(), c.cell().inclusionProbability()),
                        k -> new long[1]);
                p[0] += c.cell().judged();
            }
            for (ScoredRecord r : records) {
                byStratum.computeIfAbsent(List.of(r.flagged(), r.inclusionProbability()), k -> new ArrayList<>())
                        .add(r);
            }
            this.judged = j;
            this.recordCount = records.size();
        }

        long judged() {
            return judged;
        }

        int recordCount() {
            return recordCount;
        }

        RateEstimate estimate(String category) {
            List<StratumCounts> strata = new ArrayList<>(strata(category, true));
            strata.addAll(strata(category, false));
            return StratifiedRate.estimate(strata);
        }

        List<StratumCounts> strata(String category, boolean flagged) {
            List<StratumCounts> out = new ArrayList<>();
            Set<List<Object>> keys = new java.util.LinkedHashSet<>(population.keySet());
            keys.addAll(byStratum.keySet());
            for (List<Object> k : keys) {
                if ((Boolean) k.get(0) != flagged) {
                    continue;
                }
                long[] p = population.getOrDefault(k, new long[1]);
                List<ScoredRecord> rs = byStratum.getOrDefault(k, List.of());
                long reviewed = 0;
                long off = 0;
                for (ScoredRecord r : rs) {
                    if (r.reviewed()) {
                        reviewed++;
                        if (category.equals(ANY) ? r.offPolicy() : r.offPolicyCategories().contains(category)) {
                            off++;
                        }
                    }
                }
                // selected: the review records there are (a record that two log objects carry is counted by both
                // manifests but written once; one deleted by TTL is gone, and counts as never reviewed)
                long selected = rs.size();
                long pop = Math.max(p[0], selected);
                out.add(new StratumCounts(flagged, (Double) k.get(1), pop, selected, reviewed, off));
            }
            return out;
        }

        long pending() {
            long pending = 0;
            for (StratumCounts s : strata(ANY, true)) {
                pending += s.selected() - s.reviewed();
            }
            for (StratumCounts s : strata(ANY, false)) {
                pending += s.selected() - s.reviewed();
            }
            return pending;
        }

        long uncounted() {
            long uncounted = 0;
            for (Map.Entry<List<Object>, List<ScoredRecord>> e : byStratum.entrySet()) {
                long counted = population.getOrDefault(e.getKey(), new long[1])[0];
                uncounted += Math.max(0, e.getValue().size() - counted);
            }
            return uncounted;
        }
    }
}
