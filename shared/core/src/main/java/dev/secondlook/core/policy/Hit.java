package dev.secondlook.core.policy;

import dev.secondlook.core.model.TextField;

/**
 * A matched span in one text field (char offsets into the original text, end exclusive); metadata matchers report
 * a hit with a null field. {@code secret} hits are masked in stored evidence.
 */
record Hit(TextField field, int start, int end, String label, boolean secret) {

    /**
     * Most hits one condition reports in one field. A record keeps at most {@link Policy#MAX_EVIDENCE} evidence
     * entries, and whether a condition holds needs one hit; uncapped, one 7 MB line of e-mail addresses made some
     * 300,000 hits and evidence entries and exhausted a 384 MB heap.
     */
    static final int MAX_PER_FIELD = Policy.MAX_EVIDENCE;

    static Hit metadata(String label) {
        return new Hit(null, 0, 0, label, false);
    }
}
