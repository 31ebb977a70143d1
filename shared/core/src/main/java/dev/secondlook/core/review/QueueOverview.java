package dev.secondlook.core.review;

import dev.secondlook.core.model.Lane;

import java.util.List;

/**
 * What waits for review, per lane, as the console's overview shows it: counts and times only, no text and no ids,
 * so every reviewer may see it.
 *
 * @param lanes   one entry per lane, hold first
 * @param partial true when more records wait than were counted ({@link ReviewWorkflow#MAX_OVERVIEW} at most)
 */
public record QueueOverview(List<LaneSummary> lanes, boolean partial) {

    public QueueOverview {
        lanes = List.copyOf(lanes);
    }

    /**
     * One lane.
     *
     * @param lane            the lane
     * @param waiting         records waiting (PENDING) in it
     * @param oldestCreatedAt when the oldest of them was written, or null when none waits
     * @param nextDueAt       the earliest due time among them (the next SLA to fall due), or null
     */
    public record LaneSummary(Lane lane, int waiting, String oldestCreatedAt, String nextDueAt) {
    }
}
