package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyLoaderTest {

    private static String failure(String yaml) {
        return assertThrows(PolicyException.class, () -> PolicyLoader.load(yaml)).getMessage();
    }

    @Test
    void badRegex_failsNamingTheRule() {
        String msg = failure("rules:\n  - {id: bad-re, category: c, outcome: review, when: {regex: \"(unclosed\"}}\n");
        assertTrue(msg.startsWith("rule 'bad-re': invalid regex"), msg);
    }

    @Test
    void unknownOutcome_unknownCondition_missingWhen_duplicateId_failWithRuleId() {
        assertTrue(failure("rules:\n  - {id: r1, category: c, outcome: shout, when: {guardrail: intervened}}\n")
                .startsWith("rule 'r1': unknown outcome 'shout'"));
        assertTrue(failure("rules:\n  - {id: r2, category: c, outcome: review, when: {vibes: [x]}}\n")
                .startsWith("rule 'r2': unknown condition 'vibes'"));
        assertTrue(failure("rules:\n  - {id: r3, category: c, outcome: review}\n")
                .startsWith("rule 'r3': 'when' is required"));
        assertTrue(failure("rules:\n  - {id: r4, category: c, outcome: review, when: {guardrail: intervened}}\n"
                + "  - {id: r4, category: c, outcome: review, when: {guardrail: intervened}}\n")
                .startsWith("rule 'r4': duplicate id"));
        assertTrue(failure("rules:\n  - {id: r5, category: c, outcome: 'sample:2', when: {guardrail: intervened}}\n")
                .contains("rate must be within [0, 1]"));
        assertTrue(failure("rules:\n  - {id: r6, category: c, outcome: review, when: {regex: x}, colour: red}\n")
                .contains("unknown key 'colour'"));
    }

    @Test
    void notYaml_andNoRules_failClearly() {
        assertTrue(failure("rules: [unclosed").contains("not valid YAML"));
        assertTrue(failure("policy: x\n").contains("needs a 'rules' list"));
        assertTrue(failure("rulez: []\n").contains("unknown key 'rulez'"));
    }

    @Test
    void version_isTheContentHash() {
        String a = "rules:\n  - {id: a, category: c, outcome: review, when: {guardrail: intervened}}\n";
        assertNotEquals(PolicyLoader.load(a).version(), PolicyLoader.load(a + "# edit\n").version());
        assertTrue(PolicyLoader.load(a).version().equals(PolicyLoader.load(a).version()));
    }
}
