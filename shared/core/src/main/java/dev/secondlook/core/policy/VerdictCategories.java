package dev.secondlook.core.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The categories a reviewer may give a verdict: every rule's category, the rules file's optional {@code categories}
 * list (kinds of failure no rule catches yet, e.g. {@code hallucinated-fact}), and those its {@code incidents}
 * section names. Read without compiling a matcher, so the review API knows them at a small cost.
 */
public final class VerdictCategories {

    /** Longest category name. */
    static final int MAX_CHARS = 64;

    private VerdictCategories() {
    }

    /**
     * The categories of a parsed rules file.
     *
     * @throws IllegalArgumentException when {@code categories} is not a list of short names
     */
    static Set<String> of(JsonNode root) {
        Set<String> out = new TreeSet<>();
        for (JsonNode r : root.path("rules")) {
            String c = r.path("category").asText("");
            if (!c.isBlank()) {
                out.add(c);
            }
        }
        JsonNode extra = root.get("categories");
        if (extra != null && !extra.isNull()) {
            if (!extra.isArray()) {
                throw new IllegalArgumentException("categories must be a list of category names");
            }
            for (JsonNode c : extra) {
                String name = c.asText("");
                if (!c.isTextual() || name.isBlank() || name.length() > MAX_CHARS) {
                    throw new IllegalArgumentException("categories: each must be a name of 1 to " + MAX_CHARS
                            + " characters");
                }
                out.add(name);
            }
        }
        root.path("incidents").path("categories").fieldNames().forEachRemaining(out::add);
        return Collections.unmodifiableSet(out);
    }
}
