package dev.secondlook.core.policy;

import dev.secondlook.core.incident.IncidentPolicy;
import dev.secondlook.core.model.Evidence;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.TextField;
import dev.secondlook.core.similar.ExemplarIndex;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A compiled, immutable policy: rules, high-stakes routes and sampling strata. Thread-safe; compile once at init
 * with {@link PolicyLoader} and judge every record with {@link #judge(Interaction)}.
 */
public final class Policy {

    /**
     * Most evidence entries one judgement carries: a reviewer reads a handful, and each entry is stored on the
     * review record, whose item must stay under DynamoDB's 400 KB.
     */
    public static final int MAX_EVIDENCE = 50;
    /** Rules judged between two reads of the clock. */
    private static final int RULES_PER_CHECK = 8;

    private static final int EXCERPT_CHARS = 80;

    private final String version;
    private final String name;
    private final List<Rule> rules;
    private final List<String> routeKeys;
    private final List<Glob> highStakesRoutes;
    private final String salt;
    private final double defaultRate;
    private final List<Stratum> strata;
    private final KeywordAutomaton automaton;
    private final HoldPolicy hold;
    private final IncidentPolicy incidents;
    private final Set<String> categories;
    private final ExemplarSettings exemplars;
    private final ExemplarIndex exemplarIndex;

    Policy(String version, String name, List<Rule> rules, List<String> routeKeys, List<Glob> highStakesRoutes,
           String salt, double defaultRate, List<Stratum> strata, KeywordAutomaton automaton, HoldPolicy hold,
           IncidentPolicy incidents, Set<String> categories, ExemplarSettings exemplars,
           ExemplarIndex exemplarIndex) {
        this.version = version;
        this.name = name;
        this.rules = List.copyOf(rules);
        this.routeKeys = List.copyOf(routeKeys);
        this.highStakesRoutes = List.copyOf(highStakesRoutes);
        this.salt = salt;
        this.defaultRate = defaultRate;
        this.strata = List.copyOf(strata);
        this.automaton = automaton;
        this.hold = hold;
        this.incidents = incidents;
        this.categories = categories;
        this.exemplars = exemplars;
        this.exemplarIndex = exemplarIndex;
    }

    /**
     * The same policy with another default sampling rate (a deployment parameter); its version says so, so that
     * records judged under it are told apart.
     */
    public Policy withDefaultRate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new PolicyException("default sampling rate must be within [0, 1], got " + rate);
        }
        return new Policy(version + ";defaultRate=" + rate, name, rules, routeKeys, highStakesRoutes, salt, rate,
                strata, automaton, hold, incidents, categories, exemplars, exemplarIndex);
    }

    /**
     * The same policy with its {@code similar} rules bound to an exemplar index (the same version: the rules are
     * the same; the exemplars are named in each hit's evidence). Without one, {@code similar} conditions are false.
     */
    public Policy withExemplars(ExemplarIndex index) {
        return new Policy(version, name, rules, routeKeys, highStakesRoutes, salt, defaultRate, strata, automaton,
                hold, incidents, categories, exemplars, index);
    }

    /** The rules file's {@code exemplars} section (gates, written examples, budget, refresh). */
    public ExemplarSettings exemplarSettings() {
        return exemplars;
    }

    /** The categories the policy's {@code similar} rules name; empty when it has none (no model is needed). */
    public Set<String> similarCategories() {
        Set<String> out = new TreeSet<>();
        for (Rule r : rules) {
            SimilarMatcher.categories(r.matcher(), out);
        }
        return out;
    }

    /**
     * For each category of the policy's {@code similar} rules, the closest exemplar to this output's gated
     * windows (within the per-record budget), whatever the thresholds; a category whose gate does not pass, or
     * that has no exemplar, is absent. Only the output is read. For tuning thresholds ({@code rules tune}).
     *
     * @throws IllegalStateException when no exemplar index is bound
     */
    public Map<String, ExemplarIndex.Match> closestExemplars(Interaction interaction) {
        if (exemplarIndex == null) {
            throw new IllegalStateException("no exemplar index is bound to this policy");
        }
        EvaluationContext ctx = new EvaluationContext(interaction, routeOf(interaction), automaton, Deadline.NONE,
                new SimilarityScope(exemplarIndex, exemplars, interaction, Deadline.NONE));
        Map<String, ExemplarIndex.Match> out = new TreeMap<>();
        for (String c : similarCategories()) {
            List<Hit> gate = ctx.keywordHits(TextField.OUTPUT, ctx.similarity.gateSet(c));
            SimilarityScope.Best b = gate.isEmpty() ? null : ctx.similarity.best(TextField.OUTPUT, gate, c);
            if (b != null) {
                out.put(c, b.match());
            }
        }
        return out;
    }

    /**
     * The parts of an exemplar's text that are compared: the sentences with one of the category's gate terms (as
     * a record's windows are chosen), or the whole text, cut to {@code maxChars}, when it has none.
     */
    public List<String> exemplarWindows(String category, String text) {
        ExemplarSettings.CategorySettings cs = exemplars.categories().get(category);
        if (cs == null || text.isEmpty()) {
            return List.of(text);
        }
        TextFolding folding = TextFolding.of(text, Deadline.NONE);
        List<Hit> gate = new ArrayList<>();
        List<Hit> except = new ArrayList<>();
        for (KeywordAutomaton.Match m : automaton.scan(folding.folded, Hit.MAX_PER_FIELD, Deadline.NONE)) {
            if (m.setId() == cs.gateSet() || m.setId() == cs.exceptSet()) {
                Hit h = new Hit(TextField.OUTPUT, folding.start(m.start()), folding.end(m.end()), "keyword", false);
                (m.setId() == cs.gateSet() ? gate : except).add(h);
            }
        }
        gate = SimilarMatcher.outside(gate, except);
        List<String> out = new ArrayList<>();
        for (int[] w : SimilarityScope.sentences(text, gate, exemplars.maxChars(), exemplars.maxWindows())) {
            out.add(text.substring(w[0], w[1]));
        }
        return out.isEmpty() ? List.of(text) : out;
    }

    /** The compiled rules, in order (for tests). */
    List<Rule> rules() {
        return rules;
    }

    /** The automaton of every keyword set and regex prefilter of the policy (for tests). */
    KeywordAutomaton automaton() {
        return automaton;
    }

    /** Whether {@code similar} rules can fire: an exemplar index is bound ({@link #withExemplars}). */
    public boolean hasExemplarIndex() {
        return exemplarIndex != null;
    }

    /** Content hash of the rules file this policy was compiled from, stored on every review record. */
    public String version() {
        return version;
    }

    public String name() {
        return name;
    }

    public int ruleCount() {
        return rules.size();
    }

    /** Which outputs the gate holds for a reviewer, and on what terms (the rules file's {@code hold} section). */
    public HoldPolicy hold() {
        return hold;
    }

    /** What an off-policy output that reached a customer opens (the rules file's {@code incidents} section). */
    public IncidentPolicy incidents() {
        return incidents;
    }

    /** The categories a reviewer may give a verdict under this policy ({@link VerdictCategories}). */
    public Set<String> categories() {
        return categories;
    }

    /**
     * The request-metadata key a route is read from first: where the gate puts the route an application names, so
     * that the policy reads it as it reads a logged record's.
     */
    public String routeKey() {
        return routeKeys.get(0);
    }

    /** The route of an interaction: the first present request-metadata key among the policy's route keys. */
    public String routeOf(Interaction interaction) {
        for (String k : routeKeys) {
            String v = interaction.requestMetadata().get(k);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }

    /** Judges one interaction, without a time limit. Never throws for any input text. */
    public Judgement judge(Interaction interaction) {
        return judge(interaction, Deadline.NONE);
    }

    /**
     * Judges one interaction within a time budget. Every pattern runs in time linear in the text, so the budget
     * only stops what is legitimately slow: very large texts, or rules whose patterns are costly per character.
     *
     * @throws JudgeTimeoutException when judging takes longer than {@code budget}
     */
    public Judgement judge(Interaction interaction, Duration budget) {
        return judge(interaction, Deadline.after(budget));
    }

    /**
     * {@link #judge(Interaction, Duration)} of an interaction whose prompt was not read (its prompt is ignored): the
     * same judgement, as long as no rule reads the prompt for this record. Most records' judgement never does
     * (sampling reads the id, routing and strata the metadata and model), so a caller that stores only selected
     * records' prompts can leave most prompts undecoded.
     *
     * @throws PromptNeeded when a rule reads the prompt: judge the interaction read in full instead
     * @throws JudgeTimeoutException when judging takes longer than {@code budget}
     */
    public Judgement judgeWithoutPrompt(Interaction interaction, Duration budget) {
        return judge(interaction, Deadline.after(budget), true);
    }

    private Judgement judge(Interaction interaction, Deadline deadline) {
        return judge(interaction, deadline, false);
    }

    private Judgement judge(Interaction interaction, Deadline deadline, boolean promptAbsent) {
        String route = routeOf(interaction);
        // a similar rule reads a field only after its keyword gate has read it: the absent prompt throws there
        EvaluationContext ctx = new EvaluationContext(interaction, route, automaton, deadline,
                exemplarIndex == null ? null : new SimilarityScope(exemplarIndex, exemplars, interaction, deadline),
                promptAbsent);
        Outcome.Kind top = null;
        boolean ignored = false;
        double ruleRate = 0;
        // made at the first hit: most records have none
        TreeSet<String> categories = null;
        TreeSet<String> ruleIds = null;
        List<Evidence> evidence = null;
        // a clock read costs about 25 ns, as much as a cheap rule: read it before every few rules (each rule's scans
        // of a long text read it themselves, every CHARS_PER_CHECK characters)
        Deadline.Counter clock = deadline.counter(RULES_PER_CHECK);
        for (int r = 0; r < rules.size(); r++) {   // indexed: no iterator for each record
            Rule rule = rules.get(r);
            clock.tick();
            if (exemplarIndex != null && rule.outcome().kind() != Outcome.Kind.IGNORE && top != null
                    && categories.contains(rule.category()) && rule.outcome().kind().compareTo(top) <= 0
                    && SimilarMatcher.costly(rule.matcher())) {
                // a cheaper rule already put the record in this category at this outcome: no model run needed
                continue;
            }
            List<Hit> hits = rule.matcher().match(ctx);
            if (hits == null) {
                continue;
            }
            if (rule.outcome().kind() == Outcome.Kind.IGNORE) {
                ignored = true;
                continue;
            }
            if (ruleIds == null) {
                ruleIds = new TreeSet<>();
                categories = new TreeSet<>();
                evidence = new ArrayList<>();
            }
            ruleIds.add(rule.id());
            categories.add(rule.category());
            if (top == null || rule.outcome().kind().compareTo(top) > 0) {
                top = rule.outcome().kind();
            }
            if (rule.outcome().kind() == Outcome.Kind.SAMPLE) {
                ruleRate = Math.max(ruleRate, rule.outcome().rate());
            }
            for (Hit h : hits) {
                if (evidence.size() < MAX_EVIDENCE) {
                    evidence.add(evidence(rule, h, interaction));
                }
            }
        }
        List<String> cats = categories == null ? List.of() : List.copyOf(categories);
        List<String> ids = ruleIds == null ? List.of() : List.copyOf(ruleIds);
        if (evidence == null) {
            evidence = List.of();
        }
        if (top == Outcome.Kind.PAGE) {
            return new Judgement(Decision.PAGE, cats, ids, evidence, 1.0, "rule", route);
        }
        if (top == Outcome.Kind.REVIEW) {
            return new Judgement(Decision.REVIEW, cats, ids, evidence, 1.0, "rule", route);
        }
        if (isHighStakes(route)) {
            return new Judgement(Decision.REVIEW, cats, ids, evidence, 1.0, "high-stakes-route", route);
        }
        double rate = ignored ? 0 : Math.max(ruleRate, stratumRate(route, interaction.modelId(), cats));
        if (Sampler.selected(salt, interaction.recordId(), rate)) {
            return new Judgement(Decision.SAMPLE, cats, ids, evidence, rate, "sample", route);
        }
        return new Judgement(Decision.NONE, cats, ids, evidence, rate, "none", route);
    }

    private boolean isHighStakes(String route) {
        for (Glob g : highStakesRoutes) {
            if (g.matches(route)) {
                return true;
            }
        }
        return false;
    }

    private double stratumRate(String route, String model, List<String> categories) {
        for (Stratum s : strata) {
            if (s.matches(route, model, categories)) {
                return s.rate();
            }
        }
        return defaultRate;
    }

    private static Evidence evidence(Rule rule, Hit hit, Interaction interaction) {
        if (hit.field() == null) {
            return new Evidence(rule.id(), rule.category(), "metadata", 0, 0, hit.label());
        }
        String text = interaction.text(hit.field());
        int end = Math.min(hit.end(), text.length());
        // a match may span megabytes: copy only what the excerpt shows
        String excerpt = rule.maskEvidence() || hit.secret() ? mask(text, hit.start(), end)
                : clip(text, hit.start(), end);
        return new Evidence(rule.id(), rule.category(), hit.field().wireName(), hit.start(), hit.end(), excerpt);
    }

    /** Masks a secret, keeping only its length and at most its last four characters. */
    static String mask(String secret) {
        return mask(secret, 0, secret.length());
    }

    private static String mask(String text, int start, int end) {
        int length = end - start;
        int keep = length >= 12 ? 4 : 0;
        return "*".repeat(Math.min(16, length - keep)) + text.substring(end - keep, end)
                + " (" + length + " chars, masked)";
    }

    private static String clip(String text, int start, int end) {
        return end - start <= EXCERPT_CHARS ? text.substring(start, end)
                : text.substring(start, start + EXCERPT_CHARS) + "...";
    }
}
