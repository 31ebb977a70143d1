package dev.secondlook.core.stats;

/**
 * One sampling stratum of a population: records judged alike (flagged by a rule or not) and selected for review
 * with the same inclusion probability, so that, given how many were reviewed, the reviewed ones are a simple
 * random sample of the stratum (Poisson sampling with equal probabilities, and reviews missing at random).
 *
 * @param flagged              selected by a review or page rule (inclusion probability 1)
 * @param inclusionProbability the probability each record of the stratum had of being selected, in (0, 1]
 * @param population           records judged (the denominator), counted at ingest
 * @param selected             records selected for review
 * @param reviewed             selected records that have a verdict
 * @param offPolicy            reviewed records judged off-policy (in the category being estimated)
 */
public record StratumCounts(boolean flagged, double inclusionProbability, long population, long selected,
                            long reviewed, long offPolicy) {

    public StratumCounts {
        if (!(inclusionProbability > 0 && inclusionProbability <= 1)) {
            throw new IllegalArgumentException("inclusion probability must be in (0, 1]: " + inclusionProbability);
        }
        if (offPolicy < 0 || reviewed < offPolicy || selected < reviewed || population < selected) {
            throw new IllegalArgumentException("need 0 <= offPolicy <= reviewed <= selected <= population, got "
                    + offPolicy + ", " + reviewed + ", " + selected + ", " + population);
        }
    }

    StratumCounts plus(StratumCounts o) {
        return new StratumCounts(flagged, inclusionProbability, population + o.population,
                selected + o.selected, reviewed + o.reviewed, offPolicy + o.offPolicy);
    }
}
