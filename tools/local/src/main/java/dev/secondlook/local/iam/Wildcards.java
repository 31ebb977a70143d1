package dev.secondlook.local.iam;

/** IAM's wildcards: {@code *} any run of characters (none included), {@code ?} exactly one. */
final class Wildcards {

    private Wildcards() {
    }

    /** True when {@code text} matches {@code pattern} as a whole, case-sensitively. */
    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /**
     * ArnLike: each of the six colon-separated parts of the ARN matched on its own (the resource part, the sixth,
     * may itself hold colons).
     */
    static boolean arnMatches(String pattern, String arn) {
        String[] p = pattern.split(":", 6);
        String[] a = arn.split(":", 6);
        if (p.length != 6 || a.length != 6) {
            return pattern.equals(arn);
        }
        for (int i = 0; i < 6; i++) {
            if (!matches(p[i], a[i])) {
                return false;
            }
        }
        return true;
    }
}
