package dev.secondlook.core.model;

import java.time.Instant;

/**
 * How many judged records of one log object fell in one cell of the scorecard's population: the denominator of
 * every rate. Ingest counts every judged record, selected or not, into exactly one cell; the cells are kept on the
 * object's manifest, which is written once, so a redelivered or replayed object is never counted twice.
 *
 * @param hour                 the hour (UTC, truncated) in which ingest judged the records
 * @param modelId              model id, as the review record stores it (capped)
 * @param route                route, as the review record stores it (capped), "" when none
 * @param flagged              selected by a review or page rule
 * @param inclusionProbability the probability of selection the policy gave these records (0 when a rule said
 *                             ignore or the stratum's rate is 0: such records can never be sampled)
 * @param judged               records judged
 * @param selected             of which selected for review
 */
public record PopulationCell(Instant hour, String modelId, String route, boolean flagged,
                             double inclusionProbability, long judged, long selected) {

    /** The model and route a cell takes when an object holds more distinct cells than a manifest keeps. */
    public static final String OTHER = "(other)";

    public PopulationCell {
        if (judged < selected || selected < 0) {
            throw new IllegalArgumentException("need 0 <= selected <= judged: " + selected + ", " + judged);
        }
    }
}
