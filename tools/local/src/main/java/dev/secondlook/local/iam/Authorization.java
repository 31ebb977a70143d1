package dev.secondlook.local.iam;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One permission a request needs: the action as IAM spells it ({@code s3:GetObjectVersion}), the resource's ARN,
 * and the request's condition keys (names case-insensitive, as in IAM).
 */
public record Authorization(String action, String resource, Map<String, String> context) {

    public Authorization {
        Map<String, String> keys = new HashMap<>();
        context.forEach((k, v) -> keys.put(k.toLowerCase(Locale.ROOT), v));
        context = Map.copyOf(keys);
    }

    public static Authorization of(String action, String resource) {
        return new Authorization(action, resource, Map.of());
    }

    /** True for the KMS permissions a service asks for on the caller's behalf. */
    public boolean kms() {
        return action.startsWith("kms:");
    }

    @Override
    public String toString() {
        return action + " on " + resource + (context.isEmpty() ? "" : " " + context);
    }
}
