package dev.secondlook.core.policy;

import java.util.List;

/** A compiled condition of a rule. */
interface Matcher {

    /**
     * The hits that make this condition true, possibly empty; {@code null} when it is false. The list may be one the
     * record's context or a child holds (a keyword set's hits, a single child's): callers read it, never change it.
     */
    List<Hit> match(EvaluationContext ctx);

    /**
     * Whether {@link #match} would be non-null, without collecting hits where a kind can tell sooner (a negated
     * condition only needs the answer). The same answer as {@code match(ctx) != null}.
     */
    default boolean matches(EvaluationContext ctx) {
        return match(ctx) != null;
    }
}
