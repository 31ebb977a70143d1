package dev.secondlook.gate;

import dev.secondlook.core.gate.CheckStore;
import dev.secondlook.core.gate.Hold;
import dev.secondlook.core.gate.NewCheck;
import dev.secondlook.core.gate.StoredCheck;
import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.ReviewRecord;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GateFunction's store in memory, with the conditions of {@code DynamoDbCheckStore}; every call is counted, as an
 * AWS call would be.
 */
final class InMemoryCheckStore implements CheckStore {

    /** One stored check: its record and the check's fields. */
    record Item(ReviewRecord record, String requestHash, String caller, Hold hold) {
    }

    final Map<String, Item> items = new LinkedHashMap<>();
    int calls;

    /** A reviewer's decision, as the review API writes it. */
    void decide(String id, CheckStatus status, String edited, Instant at) {
        Item i = items.get(id);
        Hold h = i.hold();
        items.put(id, new Item(i.record(), i.requestHash(), i.caller(), new Hold(status, h.until(), h.onTimeout(),
                h.fallback(), at, edited)));
    }

    @Override
    public Optional<StoredCheck> create(NewCheck check) {
        calls++;
        Item existing = items.get(check.record().id());
        if (existing != null) {
            return Optional.of(stored(existing));
        }
        items.put(check.record().id(), new Item(check.record(), check.requestHash(), check.caller(), check.hold()));
        return Optional.empty();
    }

    @Override
    public Optional<StoredCheck> find(String checkId) {
        calls++;
        return Optional.ofNullable(items.get(checkId)).map(InMemoryCheckStore::stored);
    }

    @Override
    public Optional<StoredCheck> expire(String checkId, Instant now) {
        calls++;
        Item i = items.get(checkId);
        if (i != null && i.hold() != null && i.hold().status() == CheckStatus.HELD && !now.isBefore(i.hold().until())) {
            decide(checkId, CheckStatus.EXPIRED, null, now);
        }
        return Optional.ofNullable(items.get(checkId)).map(InMemoryCheckStore::stored);
    }

    @Override
    public List<String> expirable(Instant now, int limit) {
        throw new UnsupportedOperationException("GateFunction never sweeps");
    }

    private static StoredCheck stored(Item i) {
        ReviewRecord r = i.record();
        return new StoredCheck(r.id(), r.categories(), r.ruleIds(), r.policyVersion(), r.output(), i.requestHash(),
                i.caller(), i.hold());
    }
}
