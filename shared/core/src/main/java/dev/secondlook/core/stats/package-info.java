/**
 * The scorecard's statistics: population rates estimated from reviewed samples with known inclusion
 * probabilities, their intervals, rule precision and recall, and reviewer agreement. Pure functions of counts;
 * no ports. The method and its coverage simulation are described in STATISTICS.md.
 */
package dev.secondlook.core.stats;
