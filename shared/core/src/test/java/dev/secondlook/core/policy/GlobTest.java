package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest {

    private static final List<String> GLOBS = List.of("*", "**", "", "support.chat", "support.*", "*.chat", "*port*",
            "**support**", "billing.*.desk", "a?c", "*a?c*", "anthropic.claude-3*", "*-v1:0", "x*y*z");
    private static final List<String> VALUES = List.of("", "support.chat", "support.", "support", ".chat", "chat",
            "billing.refund.desk", "billing.desk", "abc", "xabcx", "ac", "anthropic.claude-3-haiku-20240307-v1:0",
            "amazon.titan-text-v1:0", "xyz", "x-y-z", "zyx", "import", "*", "support.chat\nsupport.chat",
            // each literal inside a longer value, not at the end a shape anchors it to
            "my.support.chat", "xsupport.chat", "support.chatx", "eu.anthropic.claude-3-haiku", "text-v1:0.bak");

    @Test
    void everyShape_matchesExactlyWhatTheRegexForm_matches() {
        for (String g : GLOBS) {
            Glob glob = Glob.of(g);
            for (String v : VALUES) {
                assertEquals(glob.pattern().matcher(v).matches(), glob.matches(v),
                        "glob '" + g + "' (" + glob.shape() + ") on '" + v + "'");
            }
        }
    }

    @Test
    void theCommonShapes_areMatchedWithoutTheRegex() {
        assertEquals(Glob.Shape.ANY, Glob.of("*").shape());
        assertEquals(Glob.Shape.ANY, Glob.of("**").shape());
        assertEquals(Glob.Shape.EXACT, Glob.of("support.chat").shape());
        assertEquals(Glob.Shape.PREFIX, Glob.of("support.*").shape());
        assertEquals(Glob.Shape.SUFFIX, Glob.of("*-v1:0").shape());
        assertEquals(Glob.Shape.INFIX, Glob.of("*claude*").shape());
        assertEquals(Glob.Shape.REGEX, Glob.of("billing.*.desk").shape());
        assertEquals(Glob.Shape.REGEX, Glob.of("a?c").shape());
        assertFalse(Glob.of("*").matches(null));
        assertTrue(Glob.of("").matches(""));
    }
}
