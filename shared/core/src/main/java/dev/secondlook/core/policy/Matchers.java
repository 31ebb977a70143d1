package dev.secondlook.core.policy;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.TextField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The matcher kinds a rule can combine. */
final class Matchers {

    private Matchers() {
    }

    /** Every child must match; hits are the union. */
    record All(List<Matcher> children) implements Matcher {
        @Override
        public List<Hit> match(EvaluationContext ctx) {
            Hits hits = new Hits();
            for (int i = 0; i < children.size(); i++) {   // indexed: no iterator for each record
                List<Hit> h = children.get(i).match(ctx);
                if (h == null) {
                    return null;
                }
                hits.add(h);
            }
            return hits.list();
        }

        @Override
        public boolean matches(EvaluationContext ctx) {
            for (int i = 0; i < children.size(); i++) {
                if (!children.get(i).matches(ctx)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** At least one child must match; hits are those of every matching child. */
    record Any(List<Matcher> children) implements Matcher {
        @Override
        public List<Hit> match(EvaluationContext ctx) {
            Hits hits = null;
            for (int i = 0; i < children.size(); i++) {
                List<Hit> h = children.get(i).match(ctx);
                if (h != null) {
                    if (hits == null) {
                        hits = new Hits();
                    }
                    hits.add(h);
                }
            }
            return hits == null ? null : hits.list();
        }

        @Override
        public boolean matches(EvaluationContext ctx) {
            for (int i = 0; i < children.size(); i++) {
                if (children.get(i).matches(ctx)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** True when the child is false; carries no hits. */
    record Not(Matcher child) implements Matcher {
        @Override
        public List<Hit> match(EvaluationContext ctx) {
            return child.matches(ctx) ? null : List.of();
        }

        @Override
        public boolean matches(EvaluationContext ctx) {
            return !child.matches(ctx);
        }
    }

    /**
     * The union of children's hit lists, copied only when a second non-empty one joins the first: most conditions
     * that match carry the hits of one child. The lists it returns are read, never changed.
     */
    private static final class Hits {
        private List<Hit> list = List.of();
        private boolean owned;

        void add(List<Hit> more) {
            if (more.isEmpty()) {
                return;
            }
            if (list.isEmpty()) {
                list = more;
                return;
            }
            if (!owned) {
                list = new ArrayList<>(list);
                owned = true;
            }
            list.addAll(more);
        }

        List<Hit> list() {
            return list;
        }
    }

    /** A keyword set registered in the policy's shared automaton. */
    record Keywords(int setId, List<TextField> fields) implements Matcher {
        @Override
        public List<Hit> match(EvaluationContext ctx) {
            Hits hits = null;
            for (int i = 0; i < fields.size(); i++) {   // indexed: no iterator for each record
                List<Hit> found = ctx.keywordHits(fields.get(i), setId);
                if (!found.isEmpty()) {
                    if (hits == null) {
                        hits = new Hits();
                    }
                    hits.add(found);
                }
            }
            return hits == null ? null : hits.list();
        }

        @Override
        public boolean matches(EvaluationContext ctx) {
            for (int i = 0; i < fields.size(); i++) {
                if (!ctx.keywordHits(fields.get(i), setId).isEmpty()) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A regular expression (RE2/J: linear time) over text fields, at most {@link Hit#MAX_PER_FIELD} hits a field.
     * With a prefilter (a keyword set of the literals every match must start with), the pattern only runs on a
     * field where one of them occurs: one automaton pass serves every regex. And it then runs only where one
     * occurs, anchored there ({@code lookingAt}): RE2/J's automaton costs tens of nanoseconds a character, and a
     * pattern anchored at a literal that the rest of it does not follow gives up within a few characters, where a
     * search would read the whole text. The automaton sees every match start in ASCII text; in other text (where
     * folding may map one character to two) and past the {@link Hit#MAX_PER_FIELD} occurrences it records, the
     * pattern searches the whole text as before.
     */
    record Regex(LinearRegex.Compiled regex, List<TextField> fields, int prefilterSet) implements Matcher {
        @Override
        public List<Hit> match(EvaluationContext ctx) {
            List<Hit> hits = null; // made only for a field the pattern runs on: most records end at the prefilter
            for (TextField f : fields) {
                String text = ctx.text(f);
                if (text.isEmpty()) {
                    continue;
                }
                if (prefilterSet >= 0) {
                    List<Hit> starts = ctx.keywordHits(f, prefilterSet);
                    if (starts.isEmpty()) {
                        continue;
                    }
                    if (starts.size() < Hit.MAX_PER_FIELD && ctx.isAscii(f)) {
                        hits = hits == null ? new ArrayList<>() : hits;
                        anchored(ctx, f, text, starts, hits);
                        continue;
                    }
                }
                hits = hits == null ? new ArrayList<>() : hits;
                search(ctx, f, text, hits);
            }
            return hits == null || hits.isEmpty() ? null : hits;
        }

        /** Tries the pattern at each literal occurrence, in text order; a hit's end is where the next may start. */
        private void anchored(EvaluationContext ctx, TextField f, String text, List<Hit> starts, List<Hit> hits) {
            int[] at = new int[starts.size()];
            for (int i = 0; i < at.length; i++) {
                at[i] = starts.get(i).start();
            }
            Arrays.sort(at);
            int found = 0;
            int from = 0;
            for (int i = 0; i < at.length && found < Hit.MAX_PER_FIELD; i++) {
                int start = at[i];
                if (start < from || (i > 0 && start == at[i - 1])) {
                    continue;
                }
                com.google.re2j.Matcher m = regex.anchored().matcher(ctx.deadline.watch(text, start));
                if (!m.lookingAt() || m.end() == 0) {
                    continue;
                }
                int end = start + m.end();
                if ((regex.wordStart() && !LinearRegex.isWordBoundary(text, start))
                        || (regex.wordEnd() && !LinearRegex.isWordBoundary(text, end))) {
                    continue;
                }
                hits.add(new Hit(f, start, end, "regex", false));
                found++;
                from = end;
            }
        }

        private void search(EvaluationContext ctx, TextField f, String text, List<Hit> hits) {
            com.google.re2j.Matcher m = regex.pattern().matcher(ctx.deadline.watch(text));
            int found = 0;
            int from = 0;
            while (found < Hit.MAX_PER_FIELD && from <= text.length() && m.find(from)) {
                int start = m.start();
                int end = m.end();
                if (end == start) {
                    from = end + 1;
                } else if ((regex.wordStart() && !LinearRegex.isWordBoundary(text, start))
                        || (regex.wordEnd() && !LinearRegex.isWordBoundary(text, end))) {
                    // not a boundary as java.util.regex saw it: look for a match that starts further on
                    from = start + 1;
                } else {
                    hits.add(new Hit(f, start, end, "regex", false));
                    found++;
                    from = end;
                }
            }
        }
    }

    /** A Bedrock guardrail intervened (InvokeModel guardrail action, or Converse stop reason). */
    record GuardrailIntervened() implements Matcher {
        @Override
        public List<Hit> match(EvaluationContext ctx) {
            Interaction i = ctx.interaction;
            boolean hit = "INTERVENED".equalsIgnoreCase(i.guardrailAction())
                    || "guardrail_intervened".equals(i.stopReason());
            return hit ? List.of(Hit.metadata("guardrail intervened")) : null;
        }
    }

    /** A metadata value (route, model, operation, stop reason) matches one of the globs. */
    record MetadataGlob(String name, Function<EvaluationContext, String> value, List<Glob> globs)
            implements Matcher {
        @Override
        public List<Hit> match(EvaluationContext ctx) {
            String v = value.apply(ctx);
            for (Glob g : globs) {
                if (g.matches(v)) {
                    return List.of(Hit.metadata(name + " matches " + g.text()));
                }
            }
            return null;
        }
    }

    /** Request metadata keys whose values match globs (every listed key must match). */
    record RequestMetadata(Map<String, Glob> expected) implements Matcher {
        @Override
        public List<Hit> match(EvaluationContext ctx) {
            for (Map.Entry<String, Glob> e : expected.entrySet()) {
                if (!e.getValue().matches(ctx.interaction.requestMetadata().get(e.getKey()))) {
                    return null;
                }
            }
            return List.of(Hit.metadata("requestMetadata matches"));
        }
    }

    /** A token count compared with bounds (gt / gte / lt / lte). */
    record TokenCount(String which, Function<Interaction, Integer> value, Long gt, Long gte, Long lt, Long lte)
            implements Matcher {
        @Override
        public List<Hit> match(EvaluationContext ctx) {
            Integer v = value.apply(ctx.interaction);
            if (v == null) {
                return null;
            }
            boolean ok = (gt == null || v > gt) && (gte == null || v >= gte) && (lt == null || v < lt)
                    && (lte == null || v <= lte);
            return ok ? List.of(Hit.metadata(which + " tokens " + v)) : null;
        }
    }

    static List<TextField> fields(List<String> names) {
        List<TextField> out = new ArrayList<>();
        for (String n : names) {
            out.add(TextField.parse(n));
        }
        return out;
    }
}
