package dev.secondlook.core.policy;

import java.util.List;

/** A compiled condition of a rule. */
interface Matcher {

    /** The hits that make this condition true, possibly empty; {@code null} when it is false. */
    List<Hit> match(EvaluationContext ctx);
}
