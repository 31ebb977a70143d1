package dev.secondlook.core.incident;

/** Where incident pages go (the escalation topic). */
public interface IncidentPager {

    /** @throws dev.secondlook.core.failure.StoreUnavailableException when the page could not be sent (retry) */
    void page(IncidentPage page);
}
