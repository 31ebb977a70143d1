package dev.secondlook.core.policy;

import com.google.re2j.Pattern;
import dev.secondlook.core.model.TextField;

import java.util.ArrayList;
import java.util.List;

/**
 * Validated detectors over text fields, at most {@link Hit#MAX_PER_FIELD} hits per detector kind and field;
 * matched values that fit an {@code allow} pattern (RE2/J, matched whole) are ignored and do not count.
 *
 * <p>The detectors read each field's normalised view ({@link NormalizedText}: NFKC, format characters removed,
 * markdown emphasis stripped, spaced-out characters joined) and then the text decoded from its base64 runs
 * ({@link EncodedText}). A hit's span is in the original text: mapped back from the view, or the whole base64
 * run for a hit in decoded text. The allow patterns see the matched value as the detector read it.
 */
record DetectorMatcher(List<Detectors.Kind> kinds, List<TextField> fields, List<Pattern> allow) implements Matcher {

    @Override
    public List<Hit> match(EvaluationContext ctx) {
        List<Hit> hits = new ArrayList<>();
        for (TextField f : fields) {
            if (ctx.interaction.text(f).isEmpty()) {
                continue;
            }
            NormalizedText view = ctx.view(f);
            Detectors.Profile profile = ctx.profile(f);
            for (Detectors.Kind k : kinds) {
                int before = hits.size();
                Detectors.scan(k, view.text, profile, ctx.deadline, s -> {
                    if (!allowed(view.text.substring(s.start(), s.end()))) {
                        add(hits, before, new Hit(f, view.start(s.start()), view.end(s.end()), k.wireName(), true));
                    }
                    return hits.size() - before < Hit.MAX_PER_FIELD;
                });
                for (EvaluationContext.DecodedView d : ctx.decoded(f)) {
                    if (hits.size() - before >= Hit.MAX_PER_FIELD) {
                        break;
                    }
                    Detectors.scan(k, d.text(), d.profile(), ctx.deadline, s -> {
                        if (!allowed(d.text().substring(s.start(), s.end()))) {
                            add(hits, before, new Hit(f, d.start(), d.end(), k.wireName(), true));
                        }
                        return hits.size() - before < Hit.MAX_PER_FIELD;
                    });
                }
            }
        }
        return hits.isEmpty() ? null : hits;
    }

    /** Adds a hit unless this kind already reported the same span (a base64 run holding two values, say). */
    private static void add(List<Hit> hits, int from, Hit hit) {
        for (int i = from; i < hits.size(); i++) {
            Hit h = hits.get(i);
            if (h.field() == hit.field() && h.start() == hit.start() && h.end() == hit.end()) {
                return;
            }
        }
        hits.add(hit);
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
