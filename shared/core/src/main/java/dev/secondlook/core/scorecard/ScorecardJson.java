package dev.secondlook.core.scorecard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.stats.Interval;
import dev.secondlook.core.stats.RateEstimate;

/**
 * The scorecard as JSON ({@code contracts/scorecard.v1.schema.json}): window, population funnel, estimates (the
 * row with category {@code any} and no model or route is the overall rate), rules, ruleRecall, agreement, sla,
 * targets and series. A rate nobody could estimate is null with the interval [0, 1].
 */
public final class ScorecardJson {

    public static final String SCHEMA = "secondlook.scorecard/v1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScorecardJson() {
    }

    public static ObjectNode toJson(Scorecard s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        ObjectNode window = root.putObject("window");
        window.put("since", Timestamps.format(s.since()));
        window.put("until", Timestamps.format(s.until()));
        root.put("generatedAt", Timestamps.format(s.generatedAt()));
        ArrayNode by = root.putArray("by");
        s.by().forEach(by::add);
        Scorecard.Funnel f = s.funnel();
        ObjectNode population = root.putObject("population");
        population.put("objects", f.objects());
        population.put("read", f.read());
        population.put("judged", f.judged());
        population.put("selected", f.selected());
        population.put("reviewed", f.reviewed());
        population.put("offPolicy", f.offPolicy());
        population.put("pending", f.pending());
        population.put("notSampleable", f.notSampleable());
        population.put("uncounted", f.uncounted());
        ArrayNode estimates = root.putArray("estimates");
        for (Scorecard.Row r : s.estimates()) {
            ObjectNode o = estimates.addObject();
            o.put("category", r.category());
            if (r.model() != null) {
                o.put("model", r.model());
            }
            if (r.route() != null) {
                o.put("route", r.route());
            }
            if (r.policyVersion() != null) {
                o.put("policyVersion", r.policyVersion());
            }
            estimate(o, r.estimate());
        }
        ArrayNode rules = root.putArray("rules");
        for (Scorecard.RuleRow r : s.rules()) {
            ObjectNode o = rules.addObject();
            o.put("rule", r.rule());
            o.put("hits", r.hits());
            o.put("reviewed", r.reviewed());
            interval(o, "precision", r.precision());
        }
        interval(root.putObject("ruleRecall"), "value", s.ruleRecall());
        Scorecard.AgreementSummary a = s.agreement();
        ObjectNode agreement = root.putObject("agreement");
        agreement.put("doubleReviewed", a.doubleReviewed());
        agreement.put("disagreements", a.disagreements());
        interval(agreement, "kappa", a.kappa());
        ArrayNode byCategory = agreement.putArray("byCategory");
        for (Scorecard.CategoryKappa k : a.byCategory()) {
            ObjectNode o = byCategory.addObject();
            o.put("category", k.category());
            interval(o, "kappa", k.kappa());
        }
        ArrayNode reviewers = agreement.putArray("reviewers");
        for (Scorecard.ReviewerStats r : a.reviewers()) {
            ObjectNode o = reviewers.addObject();
            o.put("reviewer", r.reviewer());
            o.put("verdicts", r.verdicts());
            o.put("doubleReviewed", r.doubleReviewed());
            o.put("agreed", r.agreed());
        }
        Scorecard.Sla sla = s.sla();
        ObjectNode slaNode = root.putObject("sla");
        slaNode.put("reviewed", sla.reviewed());
        slaNode.put("withinSla", sla.withinSla());
        if (sla.compliance() == null) {
            slaNode.putNull("compliance");
        } else {
            slaNode.put("compliance", sla.compliance());
        }
        slaNode.put("openOverdue", sla.openOverdue());
        ArrayNode targets = root.putArray("targets");
        for (Scorecard.TargetCheck t : s.targets()) {
            ObjectNode o = targets.addObject();
            o.put("category", t.category());
            o.put("target", t.target());
            estimate(o, t.estimate());
            o.put("breached", t.breached());
        }
        ArrayNode series = root.putArray("series");
        for (Scorecard.SeriesPoint p : s.series()) {
            ObjectNode o = series.addObject();
            o.put("category", p.category());
            o.put("start", Timestamps.format(p.start()));
            o.put("end", Timestamps.format(p.end()));
            estimate(o, p.estimate());
        }
        return root;
    }

    private static void estimate(ObjectNode o, RateEstimate e) {
        if (e.rate() == null) {
            o.putNull("offPolicyRate");
        } else {
            o.put("offPolicyRate", e.rate());
        }
        ArrayNode ci = o.putArray("ci95");
        ci.add(e.lower());
        ci.add(e.upper());
        o.put("reviewed", e.reviewed());
        o.put("population", e.population());
        o.put("selected", e.selected());
        o.put("pending", e.pending());
        o.put("offPolicyReviewed", e.offPolicy());
        o.put("imputedPopulation", e.imputedPopulation());
    }

    private static void interval(ObjectNode o, String name, Interval i) {
        if (i.value() == null) {
            o.putNull(name);
        } else {
            o.put(name, i.value());
        }
        ArrayNode ci = o.putArray("ci95");
        ci.add(i.lower());
        ci.add(i.upper());
    }
}
