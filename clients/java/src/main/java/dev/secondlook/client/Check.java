package dev.secondlook.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The gate's answer to a check ({@code contracts/check-result.v1}): {@code deliver} (go ahead) or {@code hold}
 * (wait for a reviewer with {@link #awaitDecision(Duration)}).
 */
public final class Check {

    private final GateClient client;
    private final CheckRequest request;
    private final String checkId;
    private final String decision;
    private final List<String> categories;
    private final List<String> rules;
    private final String policyVersion;
    private final String reviewId;
    private final Instant expiresAt;

    @SuppressWarnings("unchecked")
    Check(GateClient client, CheckRequest request, Map<String, Object> json) {
        this.client = client;
        this.request = request;
        this.checkId = (String) json.get("checkId");
        this.decision = (String) json.get("decision");
        this.categories = List.copyOf((List<String>) json.getOrDefault("categories", List.of()));
        this.rules = List.copyOf((List<String>) json.getOrDefault("rules", List.of()));
        this.policyVersion = (String) json.get("policyVersion");
        this.reviewId = (String) json.get("reviewId");
        this.expiresAt = json.get("expiresAt") == null ? null : Instant.parse((String) json.get("expiresAt"));
    }

    /** True when the output may be delivered now. */
    public boolean delivered() {
        return "deliver".equals(decision);
    }

    /**
     * What to deliver: at once for a delivered check (the output as checked), otherwise after waiting up to
     * {@code max} for the reviewer (or the hold's timeout), long-polling the gate 20 seconds at a time. The
     * returned decision is still {@link Decision#held() held} when {@code max} passed first.
     *
     * @throws GateException when the gate refuses the request or stays unavailable after retries
     */
    public Decision awaitDecision(Duration max) {
        if (delivered()) {
            return new Decision(checkId, "approved", request.output(), null);
        }
        return client.awaitDecision(checkId, max);
    }

    public String checkId() {
        return checkId;
    }

    /** {@code deliver} or {@code hold}. */
    public String decision() {
        return decision;
    }

    public List<String> categories() {
        return categories;
    }

    public List<String> rules() {
        return rules;
    }

    public String policyVersion() {
        return policyVersion;
    }

    /** The review record written for the output (held, or selected for review after delivery), or null. */
    public String reviewId() {
        return reviewId;
    }

    /** When a hold expires unless a reviewer decides first, or null when delivered. */
    public Instant expiresAt() {
        return expiresAt;
    }
}
