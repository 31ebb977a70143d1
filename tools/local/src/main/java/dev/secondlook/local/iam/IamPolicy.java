package dev.secondlook.local.iam;

import dev.secondlook.local.template.UnsupportedTemplateException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The identity policy of one execution role, evaluated as IAM does for a request in the role's own account: an
 * explicit Deny wins, else any matching Allow allows, else the request is implicitly denied. Actions match
 * case-insensitively with {@code *} and {@code ?}; resources case-sensitively with the same wildcards; conditions
 * with the operators below (keys case-insensitive, several values OR-ed, several keys and operators AND-ed,
 * {@code ...IfExists} true when the key is absent). A statement element or operator it does not know fails with its
 * name instead of being ignored, which would over-grant.
 */
public final class IamPolicy {

    private static final Set<String> OPERATORS = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "ArnEquals", "ArnNotEquals", "ArnLike",
            "ArnNotLike", "Bool", "Null");
    private static final Set<String> ELEMENTS = Set.of("Sid", "Effect", "Action", "Resource", "Condition");

    /** One condition test: {@code operator} applied to the request's value of {@code key}. */
    public record Condition(String operator, boolean ifExists, String key, List<String> values) {
    }

    /** One statement: Allow or Deny, its actions, its resources, and its conditions (all must hold). */
    public record Statement(String sid, boolean allow, List<String> actions, List<String> resources,
                            List<Condition> conditions) {
    }

    /**
     * The outcome for one request.
     *
     * @param allowed     true when an Allow matched and no Deny did
     * @param statement   the Sid (or position) of the statement that decided, null for an implicit deny
     */
    public record Decision(boolean allowed, String statement) {
    }

    private final List<Statement> statements;

    private IamPolicy(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    public List<Statement> statements() {
        return statements;
    }

    /**
     * Reads resolved policy statements (as in template.yaml, intrinsics already resolved).
     *
     * @param where names the policy in error messages, e.g. {@code function IngestFunction}
     */
    @SuppressWarnings("unchecked")
    public static IamPolicy of(String where, List<Map<String, Object>> statements) {
        List<Statement> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            Map<String, Object> s = statements.get(i);
            String sid = s.get("Sid") == null ? "#" + (i + 1) : String.valueOf(s.get("Sid"));
            String at = where + " statement " + sid;
            for (String k : s.keySet()) {
                if (!ELEMENTS.contains(k)) {
                    throw new UnsupportedTemplateException(at + ": " + k + " is not supported by the local IAM check");
                }
            }
            String effect = String.valueOf(s.get("Effect"));
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw new UnsupportedTemplateException(at + ": Effect must be Allow or Deny, not " + effect);
            }
            List<String> actions = strings(s.get("Action"));
            List<String> resources = strings(s.get("Resource"));
            if (actions.isEmpty() || resources.isEmpty()) {
                throw new UnsupportedTemplateException(at + ": needs Action and Resource");
            }
            List<Condition> conditions = new ArrayList<>();
            ((Map<String, Object>) s.getOrDefault("Condition", Map.of())).forEach((op, tests) -> {
                boolean ifExists = op.endsWith("IfExists") && !op.equals("Null");
                String base = ifExists ? op.substring(0, op.length() - "IfExists".length()) : op;
                if (!OPERATORS.contains(base)) {
                    throw new UnsupportedTemplateException(at + ": condition operator " + op
                            + " is not supported by the local IAM check");
                }
                ((Map<String, Object>) tests).forEach((key, v) -> conditions.add(new Condition(base, ifExists, key,
                        strings(v))));
            });
            out.add(new Statement(sid, effect.equals("Allow"), actions, resources, conditions));
        }
        return new IamPolicy(out);
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        } else if (v != null) {
            out.add(String.valueOf(v));
        }
        return out;
    }

    /** Evaluates one request. */
    public Decision evaluate(Authorization request) {
        Statement allowedBy = null;
        for (Statement s : statements) {
            if (matches(s, request)) {
                if (!s.allow()) {
                    return new Decision(false, s.sid());
                }
                if (allowedBy == null) {
                    allowedBy = s;
                }
            }
        }
        return allowedBy == null ? new Decision(false, null) : new Decision(true, allowedBy.sid());
    }

    private static boolean matches(Statement s, Authorization r) {
        String action = r.action().toLowerCase(Locale.ROOT);
        if (s.actions().stream().noneMatch(a -> Wildcards.matches(a.toLowerCase(Locale.ROOT), action))) {
            return false;
        }
        if (s.resources().stream().noneMatch(p -> Wildcards.matches(p, r.resource()))) {
            return false;
        }
        for (Condition c : s.conditions()) {
            if (!holds(c, r.context().get(c.key().toLowerCase(Locale.ROOT)))) {
                return false;
            }
        }
        return true;
    }

    static boolean holds(Condition c, String value) {
        if (c.operator().equals("Null")) {
            boolean absent = value == null;
            return c.values().stream().anyMatch(v -> Boolean.parseBoolean(v) == absent);
        }
        if (value == null) {
            // a missing key fails a positive test and passes a negated one, as in IAM; IfExists passes either way
            return c.ifExists() || c.operator().contains("Not");
        }
        return switch (c.operator()) {
            case "StringEquals" -> c.values().contains(value);
            case "StringNotEquals" -> !c.values().contains(value);
            case "StringEqualsIgnoreCase" -> c.values().stream().anyMatch(value::equalsIgnoreCase);
            case "StringNotEqualsIgnoreCase" -> c.values().stream().noneMatch(value::equalsIgnoreCase);
            case "StringLike" -> c.values().stream().anyMatch(p -> Wildcards.matches(p, value));
            case "StringNotLike" -> c.values().stream().noneMatch(p -> Wildcards.matches(p, value));
            case "ArnEquals", "ArnLike" -> c.values().stream().anyMatch(p -> Wildcards.arnMatches(p, value));
            case "ArnNotEquals", "ArnNotLike" -> c.values().stream().noneMatch(p -> Wildcards.arnMatches(p, value));
            case "Bool" -> c.values().stream().anyMatch(value::equalsIgnoreCase);
            default -> throw new IllegalStateException(c.operator());
        };
    }
}
