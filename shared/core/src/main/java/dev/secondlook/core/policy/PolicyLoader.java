package dev.secondlook.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.re2j.Pattern;
import dev.secondlook.core.incident.IncidentPolicy;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.TextField;


import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles a YAML rules file into a {@link Policy}. The policy version is the SHA-256 of the file's bytes. Any
 * problem fails the load with a {@link PolicyException} naming the rule id and the reason.
 */
public final class PolicyLoader {

    /** Classpath location of the default policy bundled into every function. */
    public static final String DEFAULT_RESOURCE = "/secondlook/default-policy.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,79}");
    private static final Set<String> TOP_KEYS = Set.of("policy", "description", "routeKeys", "highStakesRoutes",
            "sampling", "rules", "hold", "incidents", "categories", "targets", "exemplars",
            "doubleReview");
    private static final Set<String> RULE_KEYS = Set.of("id", "category", "outcome", "description", "when",
            "maskEvidence");

    private PolicyLoader() {
    }

    /** Loads the default policy bundled on the classpath. */
    public static Policy loadDefault() {
        return load(defaultFile());
    }

    /** The bytes of the default rules file bundled on the classpath. */
    public static byte[] defaultFile() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new PolicyException("default policy " + DEFAULT_RESOURCE + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The categories a reviewer may give a verdict under this rules file ({@link VerdictCategories}), without
     * compiling it.
     *
     * @throws PolicyException when it is not a readable rules file
     */
    public static Set<String> categories(byte[] yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            if (root == null || !root.isObject()) {
                throw new PolicyException("rules file must be a YAML mapping with a 'rules' list");
            }
            return VerdictCategories.of(root);
        } catch (IOException e) {
            throw new PolicyException("rules file is not valid YAML: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new PolicyException("rules file: " + e.getMessage(), e);
        }
    }

    /**
     * Each rule's description by rule id, as a reviewer reads it beside the evidence (rules without one are left
     * out), without compiling the file.
     *
     * @throws PolicyException when it is not a readable rules file
     */
    public static Map<String, String> ruleDescriptions(byte[] yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            Map<String, String> out = new java.util.TreeMap<>();
            for (JsonNode r : root == null ? YAML.createArrayNode() : root.path("rules")) {
                String id = r.path("id").asText("");
                String description = r.path("description").asText("").strip();
                if (!id.isBlank() && !description.isBlank()) {
                    out.put(id, oneLine(description));
                }
            }
            return java.util.Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new PolicyException("rules file is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** Runs of whitespace (a folded YAML description's line breaks) as one space. */
    private static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            } else {
                if (space && b.length() > 0) {
                    b.append(' ');
                }
                space = false;
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The rule descriptions of the bundled default policy. */
    public static Map<String, String> defaultRuleDescriptions() {
        return ruleDescriptions(defaultFile());
    }

    /** The categories of the bundled default policy. */
    public static Set<String> defaultCategories() {
        return categories(defaultFile());
    }

    /** Compiles a rules file. */
    public static Policy load(byte[] yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new PolicyException("rules file is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PolicyException("rules file must be a YAML mapping with a 'rules' list");
        }
        try {
            return compilePolicy(root, yaml);
        } catch (IllegalArgumentException e) {
            throw new PolicyException("rules file: " + e.getMessage(), e);
        }
    }

    private static Policy compilePolicy(JsonNode root, byte[] yaml) {
        checkKeys(root, TOP_KEYS, "rules file");
        String version = "sha256:" + sha256(yaml);
        List<String> routeKeys = strings(root.get("routeKeys"), "routeKeys");
        if (routeKeys.isEmpty()) {
            routeKeys = List.of("route", "path");
        }
        List<Glob> highStakes = new ArrayList<>();
        for (String g : strings(root.get("highStakesRoutes"), "highStakesRoutes")) {
            highStakes.add(Glob.of(g));
        }
        JsonNode sampling = root.path("sampling");
        String salt = sampling.path("salt").asText("secondlook");
        double defaultRate = rate(sampling.path("defaultRate"), 0.0, "sampling.defaultRate");
        List<Stratum> strata = new ArrayList<>();
        for (JsonNode s : sampling.path("strata")) {
            strata.add(new Stratum(Glob.of(s.path("route").asText("*")), Glob.of(s.path("model").asText("*")),
                    Glob.of(s.path("category").asText("*")), rate(s.path("rate"), -1, "sampling.strata.rate")));
        }
        JsonNode rulesNode = root.get("rules");
        if (rulesNode == null || !rulesNode.isArray()) {
            throw new PolicyException("rules file needs a 'rules' list");
        }
        KeywordAutomaton automaton = new KeywordAutomaton();
        int[] nextSet = {0};
        ExemplarSettings exemplars = ExemplarSettings.compile(root.get("exemplars"), automaton, nextSet);
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode r : rulesNode) {
            String id = r.path("id").asText("");
            if (!RULE_ID.matcher(id).matches()) {
                throw new PolicyException("rule '" + id + "': id must match " + RULE_ID.pattern());
            }
            if (!ids.add(id)) {
                throw new PolicyException("rule '" + id + "': duplicate id");
            }
            try {
                checkKeys(r, RULE_KEYS, "rule");
                String category = r.path("category").asText("");
                if (category.isBlank()) {
                    throw new IllegalArgumentException("category is required");
                }
                Outcome outcome = Outcome.parse(r.hasNonNull("outcome") ? r.get("outcome").asText() : null);
                JsonNode when = r.get("when");
                if (when == null) {
                    throw new IllegalArgumentException("'when' is required");
                }
                Matcher matcher = compile(when, automaton, nextSet);
                rules.add(new Rule(id, category, outcome, r.path("maskEvidence").asBoolean(false), matcher));
            } catch (IllegalArgumentException e) {
                throw new PolicyException("rule '" + id + "': " + e.getMessage(), e);
            }
        }
        if (usesDetectors(rules)) {
            DetectorLiterals.register(automaton, nextSet);
        }
        automaton.build();
        exemplars.checkGated(rules);
        HoldPolicy hold = HoldPolicy.compile(root.get("hold"));
        PolicyTargets.parse(root.get("targets"));
        DoubleReview.parse(root.get("doubleReview"));
        IncidentPolicy incidents;
        try {
            incidents = IncidentPolicy.compile(root.get("incidents"));
        } catch (IllegalArgumentException e) {
            throw new PolicyException(e.getMessage(), e);
        }
        return new Policy(version, root.path("policy").asText("unnamed"), rules, routeKeys, highStakes, salt,
                defaultRate, strata, automaton, hold, incidents, VerdictCategories.of(root), exemplars, null);
    }

    /** Whether a rule has a detector condition (its preconditions then read what the automaton found). */
    private static boolean usesDetectors(List<Rule> rules) {
        for (Rule r : rules) {
            if (usesDetectors(r.matcher())) {
                return true;
            }
        }
        return false;
    }

    private static boolean usesDetectors(Matcher m) {
        if (m instanceof DetectorMatcher) {
            return true;
        }
        if (m instanceof Matchers.All all) {
            return all.children().stream().anyMatch(PolicyLoader::usesDetectors);
        }
        if (m instanceof Matchers.Any any) {
            return any.children().stream().anyMatch(PolicyLoader::usesDetectors);
        }
        return m instanceof Matchers.Not not && usesDetectors(not.child());
    }

    private static Matcher compile(JsonNode node, KeywordAutomaton automaton, int[] nextSet) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("each condition must be a mapping with exactly one key "
                    + "(all, any, not, keywords, regex, detector, "
                    + "systemPromptEcho, guardrail, route, model, operation, stopReason, requestMetadata, tokens, "
                    + "similar)");
        }
        Map.Entry<String, JsonNode> e = node.fields().next();
        String kind = e.getKey();
        JsonNode v = e.getValue();
        switch (kind) {
            case "all":
            case "any": {
                if (!v.isArray() || v.isEmpty()) {
                    throw new IllegalArgumentException("'" + kind + "' needs a non-empty list of conditions");
                }
                List<Matcher> children = new ArrayList<>();
                for (JsonNode c : v) {
                    children.add(compile(c, automaton, nextSet));
                }
                return kind.equals("all") ? new Matchers.All(children) : new Matchers.Any(children);
            }
            case "not":
                return new Matchers.Not(compile(v, automaton, nextSet));
            case "keywords": {
                JsonNode terms = v.isArray() ? v : v.get("terms");
                List<String> words = strings(terms, "keywords.terms");
                if (words.isEmpty()) {
                    throw new IllegalArgumentException("keywords need at least one term");
                }
                int setId = nextSet[0]++;
                for (String w : words) {
                    String folded = TextFolding.fold(w.trim());
                    if (folded.isEmpty()) {
                        throw new IllegalArgumentException("empty keyword");
                    }
                    automaton.add(setId, folded);
                }
                return new Matchers.Keywords(setId, fields(v));
            }
            case "regex": {
                String pattern = v.isTextual() ? v.asText() : v.path("pattern").asText(null);
                if (pattern == null || pattern.isEmpty()) {
                    throw new IllegalArgumentException("regex needs a pattern");
                }
                boolean ignoreCase = !v.isObject() || v.path("ignoreCase").asBoolean(true);
                LinearRegex.Compiled compiled = LinearRegex.compile(pattern, ignoreCase, "regex");
                List<String> literals = RegexPrefilter.leadingLiterals(pattern);
                int setId = -1;
                if (!literals.isEmpty()) {
                    setId = nextSet[0]++;
                    for (String lit : literals) {
                        automaton.add(setId, TextFolding.fold(lit), pattern.startsWith("\\b"), false);
                    }
                }
                return new Matchers.Regex(compiled, fields(v), setId);
            }
            case "detector": {
                JsonNode types = v.isObject() ? v.get("types") : v;
                List<Detectors.Kind> kinds = new ArrayList<>();
                for (String t : strings(types, "detector.types")) {
                    kinds.add(Detectors.Kind.parse(t));
                }
                if (kinds.isEmpty()) {
                    throw new IllegalArgumentException("detector needs at least one type");
                }
                List<Pattern> allow = new ArrayList<>();
                for (String a : strings(v.isObject() ? v.get("allow") : null, "detector.allow")) {
                    allow.add(LinearRegex.compile(a, true, "detector.allow regex").pattern());
                }
                return new DetectorMatcher(kinds, fields(v), allow);
            }
            case "systemPromptEcho": {
                int ngram = v.isObject() ? v.path("ngram").asInt(5) : 5;
                double share = v.isObject() ? v.path("minShare").asDouble(0.3) : 0.3;
                int matches = v.isObject() ? v.path("minMatches").asInt(2) : 2;
                if (ngram < 2 || share <= 0 || share > 1 || matches < 1) {
                    throw new IllegalArgumentException("systemPromptEcho needs ngram >= 2, 0 < minShare <= 1, "
                            + "minMatches >= 1");
                }
                return new EchoMatcher(ngram, share, matches);
            }
            case "guardrail":
                if (!"intervened".equals(v.asText())) {
                    throw new IllegalArgumentException("guardrail supports only 'intervened'");
                }
                return new Matchers.GuardrailIntervened();
            case "route":
                return glob("route", ctx -> ctx.route, v);
            case "model":
                return glob("model", ctx -> ctx.interaction.modelId(), v);
            case "operation":
                return glob("operation", ctx -> ctx.interaction.operation(), v);
            case "stopReason":
                return glob("stopReason", ctx -> ctx.interaction.stopReason(), v);
            case "requestMetadata": {
                if (!v.isObject() || v.isEmpty()) {
                    throw new IllegalArgumentException("requestMetadata needs a mapping of key: glob");
                }
                Map<String, Glob> expected = new LinkedHashMap<>();
                v.fields().forEachRemaining(f -> expected.put(f.getKey(), Glob.of(f.getValue().asText())));
                return new Matchers.RequestMetadata(expected);
            }
            case "tokens": {
                List<Matcher> parts = new ArrayList<>();
                Iterator<Map.Entry<String, JsonNode>> it = v.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> t = it.next();
                    Function<Interaction, Integer> value = switch (t.getKey()) {
                        case "input" -> Interaction::inputTokens;
                        case "output" -> Interaction::outputTokens;
                        default -> throw new IllegalArgumentException("tokens: unknown count '" + t.getKey()
                                + "' (expected input or output)");
                    };
                    JsonNode b = t.getValue();
                    parts.add(new Matchers.TokenCount(t.getKey(), value, bound(b, "gt"), bound(b, "gte"),
                            bound(b, "lt"), bound(b, "lte")));
                }
                if (parts.isEmpty()) {
                    throw new IllegalArgumentException("tokens needs input or output bounds");
                }
                return parts.size() == 1 ? parts.get(0) : new Matchers.All(parts);
            }
            case "similar":
                return SimilarMatcher.compile(v, fields(v));
            default:
                throw new IllegalArgumentException("unknown condition '" + kind + "'");
        }
    }

    private static List<TextField> fields(JsonNode v) {
        if (!v.isObject() || !v.has("in")) {
            return List.of(TextField.OUTPUT);
        }
        return Matchers.fields(strings(v.get("in"), "in"));
    }

    private static Matcher glob(String name, Function<EvaluationContext, String> value, JsonNode v) {
        List<Glob> globs = new ArrayList<>();
        for (String s : strings(v, name)) {
            globs.add(Glob.of(s));
        }
        if (globs.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one pattern");
        }
        return new Matchers.MetadataGlob(name, value, globs);
    }

    private static Long bound(JsonNode b, String key) {
        JsonNode n = b.get(key);
        if (n == null) {
            return null;
        }
        if (!n.canConvertToLong()) {
            throw new IllegalArgumentException("tokens bound '" + key + "' must be an integer");
        }
        return n.asLong();
    }

    private static List<String> strings(JsonNode node, String what) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return out;
        }
        if (node.isValueNode()) {
            out.add(node.asText());
            return out;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(what + " must be a string or a list of strings");
        }
        for (JsonNode n : node) {
            if (!n.isValueNode()) {
                throw new IllegalArgumentException(what + " must be a list of strings");
            }
            out.add(n.asText());
        }
        return out;
    }

    private static double rate(JsonNode n, double fallback, String what) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            if (fallback < 0) {
                throw new PolicyException(what + " is required");
            }
            return fallback;
        }
        double r = n.asDouble(-1);
        if (!n.isNumber() || r < 0 || r > 1) {
            throw new PolicyException(what + " must be a number within [0, 1]");
        }
        return r;
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String what) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(what + ": unknown key '" + k + "' (allowed: " + allowed + ")");
            }
        });
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exposed for tests and tools that compile inline YAML text. */
    public static Policy load(String yaml) {
        return load(yaml.getBytes(StandardCharsets.UTF_8));
    }
}
