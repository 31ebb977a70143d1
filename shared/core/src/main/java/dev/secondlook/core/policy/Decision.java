package dev.secondlook.core.policy;

import java.util.Locale;

/** What the policy decided for one record. */
public enum Decision {
    NONE, SAMPLE, REVIEW, PAGE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
