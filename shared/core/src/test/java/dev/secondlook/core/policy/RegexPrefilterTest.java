package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RegexPrefilterTest {

    @Test
    void leadingLiterals_ofTheCommonShapes_andNoneOtherwise() {
        assertEquals(List.of("our", "the company's"), RegexPrefilter.leadingLiterals(
                "\\b(?:our|the company's)\\s+policy"));
        assertEquals(List.of("you should"), RegexPrefilter.leadingLiterals("\\byou should (?:stop|start)"));
        assertEquals(List.of(), RegexPrefilter.leadingLiterals("\\b(?:our|the)?\\s+policy"), "optional group");
        assertEquals(List.of(), RegexPrefilter.leadingLiterals("(?:a|b.c)x"), "not plain");
        assertEquals(List.of(), RegexPrefilter.leadingLiterals("[A-Z]{4}"), "starts with a class");
        assertEquals(List.of("refund"), RegexPrefilter.leadingLiterals("refunds?"), "a quantifier drops the last char");
        assertEquals(List.of(), RegexPrefilter.leadingLiterals("\\d+ refunds"));
        assertEquals(List.of(), RegexPrefilter.leadingLiterals("refund now|credit"), "either branch may start it");
        assertEquals(List.of(), RegexPrefilter.leadingLiterals("\\b(?:our|the) policy|terms say"));
        assertEquals(List.of("a", "b"), RegexPrefilter.leadingLiterals("(?:a|b)(?:x|y)"), "an inner | is fine");
    }

    @Test
    void prefilteredRegexes_judgeExactlyAsBefore() {
        Policy p = PolicyLoader.load("""
                rules:
                  - {id: a, category: c, outcome: review, when: {regex: "\\\\b(?:our|the company's)\\\\s+policy says"}}
                  - {id: b, category: d, outcome: review, when: {regex: "refunds? (?:today|now)"}}
                """);
        assertEquals(List.of("c"), p.judge(Interactions.output("1", "Our  POLICY says no.")).categories());
        assertEquals(List.of("c"), p.judge(Interactions.output("2", "The Company's policy says yes")).categories());
        assertEquals(List.of(), p.judge(Interactions.output("3", "your policy says")).categories());
        assertEquals(List.of("d"), p.judge(Interactions.output("4", "Refund now")).categories());
        assertEquals(List.of("d"), p.judge(Interactions.output("5", "partial refunds today")).categories());
        assertEquals(List.of("d"), p.judge(Interactions.output("6", "nonrefund now")).categories(),
                "without \\b the pattern matches inside a word, and so does its prefilter");
    }
}
