package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private static String rule(String id, String when) {
        return "rules:\n  - {id: " + id + ", category: c, outcome: review, when: " + when + "}\n";
    }

    @Test
    void aBackreference_failsTheLoadNamingTheRule() {
        String msg = failure(rule("repeat-word", "{regex: \"\\\\b(\\\\w+) \\\\1\\\\b\"}"));
        assertEquals("rule 'repeat-word': regex uses a backreference (\\1), which the linear-time regex engine (RE2) "
                + "cannot run: rewrite the pattern without it", msg);
    }

    @Test
    void lookaroundAtomicGroupsAndPossessiveQuantifiers_failTheLoadNamingTheRule() {
        assertTrue(failure(rule("ahead", "{regex: \"refund(?= now)\"}"))
                .startsWith("rule 'ahead': regex uses a lookahead (?=...)"));
        assertTrue(failure(rule("not-ahead", "{regex: \"refund(?! policy)\"}"))
                .startsWith("rule 'not-ahead': regex uses a negative lookahead (?!...)"));
        assertTrue(failure(rule("behind", "{regex: \"(?<=our )policy\"}"))
                .startsWith("rule 'behind': regex uses a lookbehind (?<=...)"));
        assertTrue(failure(rule("not-behind", "{regex: \"(?<!no )refund\"}"))
                .startsWith("rule 'not-behind': regex uses a negative lookbehind (?<!...)"));
        assertTrue(failure(rule("atomic", "{regex: \"(?>a+)b\"}"))
                .startsWith("rule 'atomic': regex uses an atomic group (?>...)"));
        assertTrue(failure(rule("possessive", "{regex: \"a++b\"}"))
                .startsWith("rule 'possessive': regex uses a possessive quantifier (++)"));
        assertTrue(failure(rule("possessive2", "{regex: \"x{2,3}+y\"}"))
                .startsWith("rule 'possessive2': regex uses a possessive quantifier ({2,3}+)"));
        assertTrue(failure(rule("allow", "{detector: {types: [email], allow: [\"(?!me@)x\"]}}"))
                .startsWith("rule 'allow': detector.allow regex uses a negative lookahead"));
    }

    @Test
    void whatLooksLikeAnUnsupportedConstruct_butIsNot_loads() {
        PolicyLoader.load(rule("ok", "{regex: \"[(?=]a+?b*?[\\\\d] \\\\Q(?=\\\\E c\\\\+\\\\+\"}"));
    }

    @Test
    void aQuoteLeftOpenToTheEnd_isLiteralToTheEnd_asInJava() {
        // found by fuzzing: the anchored copy of the pattern, "^(?:" + pattern + ")", quoted its own closing parenthesis
        Policy p = PolicyLoader.load(rule("open-quote", "{regex: \"call 800\\\\Q?[ .-]\"}"));
        assertEquals(Decision.REVIEW, p.judge(Interactions.output("1", "please call 800?[ .-] now")).decision());
        assertEquals(Decision.NONE, p.judge(Interactions.output("2", "please call 800- now")).decision());
    }

    @Test
    void javaWhitespaceAndUnicodeEscapes_meanWhatTheyMeantInJava() {
        Policy p = PolicyLoader.load(rule("java", "{regex: \"per\\\\s+policy|can\\\\u2019t[\\\\S]\"}"));
        assertEquals(Decision.REVIEW, p.judge(Interactions.output("1", "per\u000Bpolicy")).decision(),
                "vertical tab is whitespace");
        assertEquals(Decision.REVIEW, p.judge(Interactions.output("2", "I can\u2019t!")).decision());
        assertEquals(Decision.NONE, p.judge(Interactions.output("3", "I can\u2019t ")).decision());
    }

    @Test
    void aPatternTooLargeOrTooDeep_failsTheLoadNamingTheRule() {
        assertTrue(failure(rule("huge", "{regex: \"(?:[a-z]{1,100} ){50}\"}"))
                .matches("rule 'huge': regex compiles to \\d+ instructions, more than the 2000 allowed.*"));
        assertTrue(failure(rule("deep", "{regex: \"" + "(".repeat(101) + "a" + ")".repeat(101) + "\"}"))
                .startsWith("rule 'deep': regex uses groups nested more than 100 deep"));
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
