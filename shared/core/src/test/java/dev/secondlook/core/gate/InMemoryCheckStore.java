package dev.secondlook.core.gate;

import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.ReviewRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The check store in memory, with the conditional writes of the DynamoDB one; counts calls as AWS calls. */
final class InMemoryCheckStore implements CheckStore {

    record Item(ReviewRecord record, String requestHash, String caller, Hold hold) {
    }

    final Map<String, Item> items = new LinkedHashMap<>();
    int writes;
    int reads;

    /** A record ingest wrote from the log (no check fields). */
    void putFromIngest(ReviewRecord r) {
        items.put(r.id(), new Item(r, null, null, null));
    }

    /** A reviewer's decision, as the review API writes it (only while held). */
    void decide(String id, CheckStatus status, String edited, Instant at) {
        Item i = items.get(id);
        if (i.hold().status() == CheckStatus.HELD) {
            Hold h = i.hold();
            items.put(id, new Item(i.record(), i.requestHash(), i.caller(), new Hold(status, h.until(), h.onTimeout(),
                    h.fallback(), at, edited)));
        }
    }

    @Override
    public Optional<StoredCheck> create(NewCheck check) {
        writes++;
        Item existing = items.get(check.record().id());
        if (existing != null) {
            return Optional.of(stored(existing));
        }
        items.put(check.record().id(), new Item(check.record(), check.requestHash(), check.caller(), check.hold()));
        return Optional.empty();
    }

    @Override
    public Optional<StoredCheck> find(String checkId) {
        reads++;
        return Optional.ofNullable(items.get(checkId)).map(InMemoryCheckStore::stored);
    }

    @Override
    public Optional<StoredCheck> expire(String checkId, Instant now) {
        writes++;
        Item i = items.get(checkId);
        if (i != null && i.hold() != null && i.hold().status() == CheckStatus.HELD && !now.isBefore(i.hold().until())) {
            Hold h = i.hold();
            // the table keeps times to the millisecond
            items.put(checkId, new Item(i.record(), i.requestHash(), i.caller(), new Hold(CheckStatus.EXPIRED,
                    h.until(), h.onTimeout(), h.fallback(), now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                    null)));
        }
        return find(checkId);
    }

    @Override
    public List<String> expirable(Instant now, int limit) {
        List<Item> due = new ArrayList<>();
        for (Item i : items.values()) {
            if (i.hold() != null && i.hold().status() == CheckStatus.HELD && i.hold().until().isBefore(now)) {
                due.add(i);
            }
        }
        due.sort(Comparator.comparing(i -> i.hold().until()));
        return due.stream().limit(limit).map(i -> i.record().id()).toList();
    }

    private static StoredCheck stored(Item i) {
        ReviewRecord r = i.record();
        return new StoredCheck(r.id(), r.categories(), r.ruleIds(), r.policyVersion(), r.output(), i.requestHash(),
                i.caller(), i.hold());
    }
}
