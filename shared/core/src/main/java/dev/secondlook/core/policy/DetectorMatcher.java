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
        Collector found = new Collector();
        for (TextField f : fields) {
            if (ctx.text(f).isEmpty()) {
                continue;
            }
            NormalizedText view = ctx.view(f);
            Detectors.Profile profile = ctx.profile(f);
            found.field = f;
            for (Detectors.Kind k : kinds) {
                found.kind = k;
                found.before = found.size();
                found.in(view.text, view, null);
                Detectors.scan(k, view.text, profile, ctx.deadline, found);
                for (EvaluationContext.DecodedView d : ctx.decoded(f)) {
                    if (!found.wantsMore()) {
                        break;
                    }
                    found.in(d.text(), null, d);
                    Detectors.scan(k, d.text(), d.profile(), ctx.deadline, found);
                }
            }
        }
        return found.hits;
    }

    /**
     * Takes the spans of one kind in one text, the view of a field or a text decoded from it; one per match, not a
     * sink per kind and text: most records have no hit, and nothing is made for them but this.
     */
    private final class Collector implements Detectors.SpanSink {
        /** Null until the first hit. */
        List<Hit> hits;
        TextField field;
        Detectors.Kind kind;
        /** Hits of the other kinds and fields, before this kind's in this field. */
        int before;
        private String text;
        private NormalizedText view;
        private EvaluationContext.DecodedView decoded;

        void in(String text, NormalizedText view, EvaluationContext.DecodedView decoded) {
            this.text = text;
            this.view = view;
            this.decoded = decoded;
        }

        int size() {
            return hits == null ? 0 : hits.size();
        }

        boolean wantsMore() {
            return size() - before < Hit.MAX_PER_FIELD;
        }

        @Override
        public boolean accept(Detectors.Span s) {
            if (!allowed(text.substring(s.start(), s.end()))) {
                // a hit in decoded text points at the whole encoded run
                Hit hit = decoded != null ? new Hit(field, decoded.start(), decoded.end(), kind.wireName(), true)
                        : new Hit(field, view.start(s.start()), view.end(s.end()), kind.wireName(), true);
                if (hits == null) {
                    hits = new ArrayList<>();
                }
                add(hits, before, hit);
            }
            return wantsMore();
        }
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
