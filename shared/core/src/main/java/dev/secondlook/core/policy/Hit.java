package dev.secondlook.core.policy;

import dev.secondlook.core.model.TextField;

/**
 * A matched span in one text field (char offsets into the original text, end exclusive); metadata matchers report
 * a hit with a null field. {@code secret} hits are masked in stored evidence.
 */
record Hit(TextField field, int start, int end, String label, boolean secret) {

    static Hit metadata(String label) {
        return new Hit(null, 0, 0, label, false);
    }
}
