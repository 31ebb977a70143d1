package dev.secondlook.core.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules file's {@code hold} section: which outputs the gate keeps from their customer until a reviewer
 * decides, and, per route, how long a hold may last, what its timeout does and what the customer gets instead.
 *
 * <pre>
 * hold:
 *   categories: [secret-leak, commitment]   # an output judged in one of these is held
 *   routes: ["billing.refund*"]              # every output on these routes is held (globs)
 *   timeoutSeconds: 900                      # default terms: how long a hold lasts ...
 *   onTimeout: block                         # ... what a timeout does: block (fallback) or deliver (original)
 *   fallback: "..."                          # ... what is delivered instead of a blocked output
 *   byRoute:                                 # terms of some routes, first match wins; unset keys keep the default
 *     - {route: "support.*", timeoutSeconds: 120, onTimeout: deliver}
 * </pre>
 *
 * A rules file without the section holds nothing. Immutable and thread-safe.
 */
public final class HoldPolicy {

    /** The longest a hold may last: a day. */
    public static final int MAX_TIMEOUT_SECONDS = 86_400;
    /** The longest fallback message. */
    public static final int MAX_FALLBACK_CHARS = 4_000;

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);
    static final String DEFAULT_FALLBACK = "Thanks for your patience: this answer needs a second look before we can "
            + "share it. A colleague will follow up shortly.";

    private static final Set<String> KEYS = Set.of("categories", "routes", "timeoutSeconds", "onTimeout", "fallback",
            "byRoute");
    private static final Set<String> ROUTE_KEYS = Set.of("route", "timeoutSeconds", "onTimeout", "fallback");

    /** What a hold nobody decides in time resolves to. */
    public enum OnTimeout {
        /** The customer gets the route's fallback message. */
        BLOCK,
        /** The customer gets the original output. */
        DELIVER;

        /** The lowercase name used in rules files and on the wire. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The value of a wire name ({@code block | deliver}).
         *
         * @throws IllegalArgumentException when it names no value
         */
        public static OnTimeout fromWire(String name) {
            for (OnTimeout v : values()) {
                if (v.wireName().equals(name)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("onTimeout must be block or deliver, got '" + name + "'");
        }
    }

    /**
     * The terms of a hold on one route.
     *
     * @param timeout   how long the hold lasts before it expires
     * @param onTimeout what an expired hold delivers
     * @param fallback  the message delivered instead of a blocked (or expired and blocked) output
     */
    public record Terms(Duration timeout, OnTimeout onTimeout, String fallback) {
    }

    /**
     * What the gate does with one judged output.
     *
     * @param hold    whether the output waits for a reviewer
     * @param reasons why: the categories that hold, and {@code route} when its route holds; empty when not held
     * @param terms   the terms of its route (meaningful when held)
     */
    public record Decision(boolean hold, List<String> reasons, Terms terms) {

        public Decision {
            reasons = List.copyOf(reasons);
        }
    }

    private record RouteTerms(Glob route, Terms terms) {
    }

    static final HoldPolicy NONE = new HoldPolicy(Set.of(), List.of(), new Terms(DEFAULT_TIMEOUT, OnTimeout.BLOCK,
            DEFAULT_FALLBACK), List.of());

    private final Set<String> categories;
    private final List<Glob> routes;
    private final Terms defaults;
    private final List<RouteTerms> byRoute;

    private HoldPolicy(Set<String> categories, List<Glob> routes, Terms defaults, List<RouteTerms> byRoute) {
        this.categories = Set.copyOf(categories);
        this.routes = List.copyOf(routes);
        this.defaults = defaults;
        this.byRoute = List.copyOf(byRoute);
    }

    /** True when no output is ever held (the rules file has no {@code hold} section, or an empty one). */
    public boolean holdsNothing() {
        return categories.isEmpty() && routes.isEmpty();
    }

    /** Whether a judged output is held, why, and on what terms. */
    public Decision decide(Judgement judgement) {
        List<String> reasons = new ArrayList<>();
        for (String c : judgement.categories()) {
            if (categories.contains(c)) {
                reasons.add(c);
            }
        }
        for (Glob g : routes) {
            if (g.matches(judgement.route())) {
                reasons.add("route");
                break;
            }
        }
        return new Decision(!reasons.isEmpty(), reasons, termsFor(judgement.route()));
    }

    /** The terms of a route: its first {@code byRoute} entry, else the defaults. */
    public Terms termsFor(String route) {
        for (RouteTerms t : byRoute) {
            if (t.route().matches(route)) {
                return t.terms();
            }
        }
        return defaults;
    }

    /**
     * Compiles a {@code hold} section; null or missing means {@link #NONE}.
     *
     * @throws IllegalArgumentException naming the key when the section is malformed
     */
    static HoldPolicy compile(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NONE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("hold must be a mapping");
        }
        checkKeys(node, KEYS, "hold");
        Set<String> categories = new LinkedHashSet<>(strings(node.get("categories"), "hold.categories"));
        List<Glob> routes = new ArrayList<>();
        for (String r : strings(node.get("routes"), "hold.routes")) {
            routes.add(Glob.of(r));
        }
        Terms defaults = terms(node, new Terms(DEFAULT_TIMEOUT, OnTimeout.BLOCK, DEFAULT_FALLBACK), "hold");
        List<RouteTerms> byRoute = new ArrayList<>();
        JsonNode list = node.get("byRoute");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new IllegalArgumentException("hold.byRoute must be a list");
            }
            for (JsonNode r : list) {
                if (!r.isObject() || !r.hasNonNull("route")) {
                    throw new IllegalArgumentException("hold.byRoute: every entry needs a route");
                }
                checkKeys(r, ROUTE_KEYS, "hold.byRoute");
                String where = "hold.byRoute[" + r.get("route").asText() + "]";
                byRoute.add(new RouteTerms(Glob.of(r.get("route").asText()), terms(r, defaults, where)));
            }
        }
        return new HoldPolicy(categories, routes, defaults, byRoute);
    }

    private static Terms terms(JsonNode n, Terms base, String where) {
        Duration timeout = base.timeout();
        if (n.has("timeoutSeconds")) {
            JsonNode t = n.get("timeoutSeconds");
            if (!t.canConvertToInt() || !t.isIntegralNumber() || t.asInt() < 1 || t.asInt() > MAX_TIMEOUT_SECONDS) {
                throw new IllegalArgumentException(where + ".timeoutSeconds must be a whole number within 1.."
                        + MAX_TIMEOUT_SECONDS);
            }
            timeout = Duration.ofSeconds(t.asInt());
        }
        OnTimeout onTimeout = base.onTimeout();
        if (n.has("onTimeout")) {
            try {
                onTimeout = OnTimeout.fromWire(n.get("onTimeout").asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "." + e.getMessage());
            }
        }
        String fallback = base.fallback();
        if (n.has("fallback")) {
            fallback = n.get("fallback").asText("");
            if (!n.get("fallback").isTextual() || fallback.isBlank() || fallback.length() > MAX_FALLBACK_CHARS) {
                throw new IllegalArgumentException(where + ".fallback must be a message of 1.." + MAX_FALLBACK_CHARS
                        + " characters");
            }
        }
        return new Terms(timeout, onTimeout, fallback);
    }

    private static List<String> strings(JsonNode node, String what) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(what + " must be a list of strings");
        }
        for (JsonNode n : node) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new IllegalArgumentException(what + " must be a list of non-blank strings");
            }
            out.add(n.asText());
        }
        return out;
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String what) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(what + ": unknown key '" + k + "' (allowed: " + allowed + ")");
            }
        });
    }
}
