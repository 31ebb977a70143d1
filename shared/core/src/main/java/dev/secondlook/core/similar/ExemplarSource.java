package dev.secondlook.core.similar;

import java.util.List;

/**
 * Port: exemplars that change while the function runs - the off-policy cases of the eval set, one exemplar per
 * (case, label). Read again at every refresh of an {@link ExemplarIndex}.
 */
public interface ExemplarSource {

    /** A source with nothing in it (no eval set wired). */
    ExemplarSource NONE = List::of;

    /**
     * Every current exemplar. A case whose verdict was taken back is no longer among them.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the store cannot be read now (the index
     *                                                                keeps what it had and tries again later)
     */
    List<Exemplar> load();
}
