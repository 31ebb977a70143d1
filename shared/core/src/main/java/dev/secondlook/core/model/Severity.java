package dev.secondlook.core.model;

import java.util.Locale;

/**
 * How urgent a selected record is, in increasing order. {@code PAGE}: a human now and an escalation;
 * {@code REVIEW}: priority queue; {@code SAMPLE}: routine queue.
 */
public enum Severity {
    SAMPLE, REVIEW, PAGE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Lane lane() {
        return this == SAMPLE ? Lane.ROUTINE : Lane.PRIORITY;
    }
}
