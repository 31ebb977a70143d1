package dev.secondlook.core.policy;

import com.google.re2j.Pattern;
import dev.secondlook.core.model.TextField;

import java.util.ArrayList;
import java.util.List;

/**
 * Validated detectors over text fields, at most {@link Hit#MAX_PER_FIELD} hits per detector kind and field;
 * matched values that fit an {@code allow} pattern (RE2/J, matched whole) are ignored and do not count.
 */
record DetectorMatcher(List<Detectors.Kind> kinds, List<TextField> fields, List<Pattern> allow) implements Matcher {

    @Override
    public List<Hit> match(EvaluationContext ctx) {
        List<Hit> hits = new ArrayList<>();
        for (TextField f : fields) {
            String text = ctx.interaction.text(f);
            if (text.isEmpty()) {
                continue;
            }
            for (Detectors.Kind k : kinds) {
                int before = hits.size();
                Detectors.scan(k, text, ctx.deadline, s -> {
                    if (!allowed(text.substring(s.start(), s.end()))) {
                        hits.add(new Hit(f, s.start(), s.end(), k.wireName(), true));
                    }
                    return hits.size() - before < Hit.MAX_PER_FIELD;
                });
            }
        }
        return hits.isEmpty() ? null : hits;
    }

    private boolean allowed(String value) {
        for (Pattern p : allow) {
            if (p.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }
}
