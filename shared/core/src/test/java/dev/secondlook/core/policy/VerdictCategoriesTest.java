package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictCategoriesTest {

    private static final String FILE = """
            policy: p
            categories: [hallucinated-fact]
            incidents:
              categories: {data-breach: sev1}
            rules:
              - id: r1
                category: commitment
                outcome: review
                when: {keywords: [refund]}
            """;

    @Test
    void rulesListedAndIncidentCategories_withoutCompilingTheRules() {
        Set<String> c = PolicyLoader.categories(FILE.getBytes(StandardCharsets.UTF_8));
        assertEquals(Set.of("commitment", "hallucinated-fact", "data-breach"), c);
        assertEquals(c, PolicyLoader.load(FILE.getBytes(StandardCharsets.UTF_8)).categories());
    }

    @Test
    void theDefaultPolicyNamesEveryCategoryItsRulesUse() {
        Set<String> c = PolicyLoader.defaultCategories();
        for (String expected : new String[]{"secret-leak", "pii-exposure", "commitment", "system-prompt-leak"}) {
            assertTrue(c.contains(expected), expected);
        }
        assertEquals(c, PolicyLoader.loadDefault().categories());
    }

    @Test
    void aMalformedListIsRefused() {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.categories(
                "policy: p\ncategories: hallucinated\nrules: []\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("categories must be a list"), e.getMessage());
    }
}
