package dev.secondlook.core.policy;

import dev.secondlook.core.model.TextField;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Validated detectors over text fields; matched values that fit an {@code allow} pattern are ignored. */
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
                for (Detectors.Span s : Detectors.find(k, text)) {
                    String value = text.substring(s.start(), s.end());
                    if (allow.stream().noneMatch(p -> p.matcher(value).matches())) {
                        hits.add(new Hit(f, s.start(), s.end(), k.wireName(), true));
                    }
                }
            }
        }
        return hits.isEmpty() ? null : hits;
    }
}
