package dev.secondlook.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules file's {@code targets}: the off-policy rate each category should stay under, e.g.
 * {@code targets: {commitment: 0.005}}. The scheduled scorecard pages when a category's interval lies above its
 * target. Validated with the rest of the file by {@link PolicyLoader}.
 */
public final class PolicyTargets {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PolicyTargets() {
    }

    /** The targets of a rules file (empty when it sets none). */
    public static Map<String, Double> read(byte[] yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            return parse(root == null ? null : root.get("targets"));
        } catch (IOException e) {
            throw new PolicyException("rules file is not valid YAML: " + e.getMessage(), e);
        }
    }

    /**
     * @throws PolicyException when targets is not a mapping of category names to rates within [0, 1]
     */
    static Map<String, Double> parse(JsonNode node) {
        Map<String, Double> out = new TreeMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new PolicyException("targets must be a mapping of category to rate, e.g. {commitment: 0.005}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (e.getKey().isBlank() || !v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
                throw new PolicyException("targets." + e.getKey() + ": a rate between 0 and 1, e.g. 0.005");
            }
            out.put(e.getKey(), v.asDouble());
        }
        return out;
    }
}
