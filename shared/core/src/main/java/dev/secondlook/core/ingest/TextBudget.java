package dev.secondlook.core.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Fits output, prompt and system prompt into one UTF-8 byte budget, so that a review record stays under
 * DynamoDB's 400 KB item limit. The output gets half the budget first, then the prompt, then the system prompt;
 * unused shares pass on.
 */
record TextBudget(String output, String prompt, String system, boolean truncated) {

    static TextBudget fit(int budget, String output, String prompt, String system) {
        int outLen = utf8Length(output);
        int promptLen = utf8Length(prompt);
        int sysLen = utf8Length(system);
        if (outLen + promptLen + sysLen <= budget) {
            return new TextBudget(output, prompt, system, false);
        }
        int outShare = Math.min(outLen, Math.max(budget / 2, budget - promptLen - sysLen));
        int promptShare = Math.min(promptLen, Math.max((budget - outShare) * 3 / 4, budget - outShare - sysLen));
        int sysShare = Math.max(0, budget - outShare - promptShare);
        return new TextBudget(truncate(output, outShare), truncate(prompt, promptShare), truncate(system, sysShare),
                true);
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** The longest prefix of {@code s} whose UTF-8 form fits {@code maxBytes}, never splitting a code point. */
    static String truncate(String s, int maxBytes) {
        if (utf8Length(s) <= maxBytes) {
            return s;
        }
        int n = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (n + len > maxBytes) {
                break;
            }
            n += len;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }
}
