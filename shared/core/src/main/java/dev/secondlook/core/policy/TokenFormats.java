package dev.secondlook.core.policy;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.Arrays;
import java.util.List;

/**
 * Vendor API token formats, the {@code api-token} detector. Each format names the gitleaks rule it was ported
 * from (gitleaks, config/gitleaks.toml, MIT licence, Copyright (c) 2019 Zachary Rice): its regular expression,
 * already RE2 syntax there, and its entropy gate. What differs from gitleaks, and why:
 * <ul>
 *   <li>a token must end where its alphabet ends, not only before a quote, a space or a semicolon as in source
 *       files: in prose a token is often followed by a full stop, a comma or a closing parenthesis;</li>
 *   <li>a token must start at a word boundary (gitleaks' rules without {@code \b} would find {@code ghp_} inside
 *       a longer identifier);</li>
 *   <li>formats whose gitleaks rule needs a keyword nearby because the token alone is ambiguous (Mailgun,
 *       Heroku v1, Telegram, Discord, Azure) are left out; those whose own prefix is distinctive keep only it;</li>
 *   <li>{@code sk-} and {@code xox?-} keep the looser shapes this policy matched before (OpenAI project and
 *       Anthropic keys; Slack tokens of any segment layout), with gitleaks' entropy gate added;</li>
 *   <li>a long upper bound ({@code {32,400}}) is the format's window length instead: RE2 caps counted repetition
 *       at 1,000 and each repetition is a program instruction, so the pattern says {@code {32,}} and the match
 *       can be no longer than the window;</li>
 *   <li>every token must also pass {@link ExampleValues#isPlaceholder} and not be a vendor's published sample.</li>
 * </ul>
 * The scan finds prefixes with a table of their first two characters (one pass over the text), then runs only
 * the matching format's pattern, on a window as long as its longest token: linear in the text.
 */
final class TokenFormats {

    /** One token format: where it came from, its literal prefixes, the pattern (token in group 1). */
    record Format(String source, List<String> prefixes, Pattern pattern, int maxLength, double minEntropy) {
    }

    static final List<Format> FORMATS = List.of(
            f("gcp-api-key", "AIza", "(AIza[\\w-]{35})(?:[^\\w-]|$)", 40, 4),
            f("github-fine-grained-pat", "github_pat_", "(github_pat_\\w{82})(?:\\W|$)", 94, 3),
            f("github-pat, github-oauth, github-app-token, github-refresh-token",
                    "ghp_ gho_ ghu_ ghs_ ghr_", "(gh[pousr]_[0-9a-zA-Z]{36,})(?:[^0-9a-zA-Z]|$)", 256, 3),
            f("gitlab-pat, gitlab-pat-routable", "glpat-",
                    "(glpat-[\\w-]{20,}(?:\\.[0-9a-z]{9})?)(?:[^\\w-]|$)", 320, 3),
            f("gitlab-ptt", "glptt-", "(glptt-[0-9a-f]{40})(?:[^0-9a-zA-Z]|$)", 47, 3),
            f("gitlab-deploy-token", "gldt-", "(gldt-[\\w-]{20,})(?:[^\\w-]|$)", 70, 3),
            f("gitlab-runner-authentication-token", "glrt-", "(glrt-[\\w-]{20,})(?:[^\\w-]|$)", 70, 3),
            f("gitlab-rrt", "GR1348941", "(GR1348941[\\w-]{20,})(?:[^\\w-]|$)", 74, 3),
            f("stripe-access-token", "sk_live_ sk_test_ sk_prod_ rk_live_ rk_test_ rk_prod_",
                    "((?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,})(?:[^a-zA-Z0-9]|$)", 109, 2),
            f("sendgrid-api-token (its SG.<22>.<43> layout)", "SG.",
                    "(SG\\.[\\w-]{22}\\.[\\w-]{43})(?:[^\\w-]|$)", 70, 2),
            f("npm-access-token", "npm_", "(npm_[a-zA-Z0-9]{36})(?:[^a-zA-Z0-9]|$)", 41, 2),
            f("huggingface-access-token", "hf_", "(hf_[a-zA-Z]{34})(?:[^a-zA-Z0-9]|$)", 38, 2),
            f("huggingface-organization-api-token", "api_org_", "(api_org_[a-zA-Z]{34})(?:[^a-zA-Z0-9]|$)", 43, 2),
            f("openai-api-key, anthropic-api-key, anthropic-admin-api-key (loosened: any sk- key of 32+ chars)",
                    "sk-", "(sk-[A-Za-z0-9_-]{32,})(?:[^A-Za-z0-9_-]|$)", 254, 3),
            f("slack-bot-token, slack-user-token, slack-legacy-token (loosened: any xox?- token)",
                    "xoxb- xoxp- xoxa- xoxo- xoxs- xoxr- xoxe-", "(xox[bpaosre]-[A-Za-z0-9-]{10,})(?:[^A-Za-z0-9-]|$)",
                    256, 3),
            f("slack-app-token", "xapp-", "(xapp-\\d-[A-Za-z0-9]+-\\d+-[A-Za-z0-9]+)(?:[^A-Za-z0-9-]|$)", 200, 2),
            f("slack-webhook-url", "hooks.slack.com/",
                    "(hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56})(?:[^A-Za-z0-9+/]|$)",
                    90, 0),
            f("aws-amazon-bedrock-api-key-long-lived", "ABSK", "(ABSK[A-Za-z0-9+/]{109,}={0,2})(?:[^A-Za-z0-9+/=]|$)",
                    276, 3),
            f("aws-amazon-bedrock-api-key-short-lived", "bedrock-api-key-",
                    "(bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%_.&-]*)", 1250, 3),
            f("shopify-access-token, shopify-shared-secret, shopify-custom-access-token, "
                    + "shopify-private-app-access-token", "shpat_ shpss_ shpca_ shppa_",
                    "(shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32})(?:[^a-zA-Z0-9]|$)", 39, 2),
            f("digitalocean-pat, digitalocean-access-token, digitalocean-refresh-token", "dop_v1_ doo_v1_ dor_v1_",
                    "(do[opr]_v1_[a-f0-9]{64})(?:[^a-zA-Z0-9]|$)", 72, 3),
            f("pypi-upload-token", "pypi-AgEIcHlwaS5vcmc", "(pypi-AgEIcHlwaS5vcmc[\\w-]{50,})(?:[^\\w-]|$)", 1021,
                    3),
            f("databricks-api-token", "dapi", "(dapi[a-f0-9]{32}(?:-\\d)?)(?:[^a-zA-Z0-9-]|$)", 39, 3),
            f("doppler-api-token", "dp.pt.", "(dp\\.pt\\.[a-zA-Z0-9]{43})(?:[^a-zA-Z0-9]|$)", 50, 2),
            f("vault-service-token", "hvs.", "(hvs\\.[\\w-]{90,})(?:[^\\w-]|$)", 125, 3.5),
            f("vault-batch-token", "hvb.", "(hvb\\.[\\w-]{138,})(?:[^\\w-]|$)", 305, 4),
            f("linear-api-key", "lin_api_", "(lin_api_[a-zA-Z0-9]{40})(?:[^a-zA-Z0-9]|$)", 49, 2),
            f("postman-api-token", "PMAK-", "(PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34})(?:[^a-zA-Z0-9]|$)", 64, 3),
            f("age-secret-key", "AGE-SECRET-KEY-1",
                    "(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})(?:[^A-Z0-9]|$)", 75, 0),
            f("heroku-api-key-v2", "HRKU-AA", "(HRKU-AA[0-9a-zA-Z_-]{58})(?:[^0-9a-zA-Z_-]|$)", 66, 4),
            f("square-access-token", "EAAA sq0atp-", "((?:EAAA|sq0atp-)[\\w-]{22,60})(?:[^\\w-]|$)", 68, 2),
            f("grafana-cloud-api-token", "glc_", "(glc_[A-Za-z0-9+/]{32,}={0,3})(?:[^A-Za-z0-9+/=]|$)", 408, 3),
            f("grafana-service-account-token", "glsa_", "(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})(?:[^a-zA-Z0-9]|$)",
                    47, 3),
            f("atlassian-api-token", "ATATT3", "(ATATT3[A-Za-z0-9_=-]{186})(?:[^A-Za-z0-9_=-]|$)", 193, 3.5),
            f("new-relic-user-api-key (prefix alone)", "NRAK-", "(NRAK-[A-Za-z0-9]{27})(?:[^A-Za-z0-9]|$)", 33, 2),
            f("perplexity-api-key", "pplx-", "(pplx-[a-zA-Z0-9]{48})(?:[^a-zA-Z0-9]|$)", 54, 4),
            f("sentry-user-token", "sntryu_", "(sntryu_[a-f0-9]{64})(?:[^a-zA-Z0-9]|$)", 72, 3.5),
            f("sentry-org-token (simplified)", "sntrys_eyJ", "(sntrys_eyJ[A-Za-z0-9+/=_]{60,})(?:[^A-Za-z0-9+/=_]|$)",
                    811, 4.5),
            f("pulumi-api-token", "pul-", "(pul-[a-f0-9]{40})(?:[^a-zA-Z0-9]|$)", 45, 2),
            f("rubygems-api-token", "rubygems_", "(rubygems_[a-f0-9]{48})(?:[^a-zA-Z0-9]|$)", 58, 2),
            f("flyio-access-token", "fo1_ fm1a_ fm1r_ fm2_",
                    "((?:fo1_[\\w-]{43}|fm1[ar]_[a-zA-Z0-9+/]{100,}={0,3}|fm2_[a-zA-Z0-9+/]{100,}={0,3}))"
                            + "(?:[^\\w+/=-]|$)", 610, 4),
            f("1password-service-account-token", "ops_eyJ", "(ops_eyJ[a-zA-Z0-9+/]{250,}={0,3})(?:[^a-zA-Z0-9+/=]|$)",
                    1210, 4),
            f("openshift-user-token", "sha256~", "(sha256~[\\w-]{43})(?:[^\\w-]|$)", 51, 3.5),
            f("planetscale-api-token, planetscale-password", "pscale_tkn_ pscale_pw_",
                    "(pscale_(?:tkn|pw)_[\\w=-]{32,})(?:[^\\w=-]|$)", 76, 3),
            f("sendinblue-api-token", "xkeysib-", "(xkeysib-[a-f0-9]{64}-[a-zA-Z0-9]{16})(?:[^a-zA-Z0-9]|$)", 90, 2),
            f("easypost-api-token", "EZAK", "(EZAK[a-zA-Z0-9]{54})(?:[^a-zA-Z0-9]|$)", 59, 2),
            f("duffel-api-token", "duffel_test_ duffel_live_",
                    "(duffel_(?:test|live)_[a-zA-Z0-9_=-]{43})(?:[^a-zA-Z0-9_=-]|$)", 56, 2),
            f("notion-api-token", "ntn_", "(ntn_[0-9]{11}[A-Za-z0-9]{35})(?:[^A-Za-z0-9]|$)", 51, 4),
            f("twilio-api-key", "SK", "(SK[0-9a-fA-F]{32})(?:[^0-9a-zA-Z]|$)", 35, 3));

    /** Format indices by the first two characters of each of their prefixes (both ASCII). */
    private static final int[][] BY_PAIR = new int[128 * 128][];

    /**
     * For each pair of {@link #BY_PAIR}, the third characters its prefixes go on with (two 64-bit words, ASCII);
     * all bits set for a pair that is a whole prefix ("SK"). Most word starts whose pair begins a prefix ("do",
     * "sh", "li") are ruled out here, before any prefix is compared.
     */
    private static final long[] THIRD = new long[128 * 128 * 2];

    /** The first characters of the prefixes (ASCII), as a 128-bit set. */
    private static final long[] FIRST = new long[2];

    /** Letters, digits and '_' of ASCII. */
    private static final boolean[] WORD_CHAR = new boolean[128];

    /**
     * The fewest characters a token of any format has ({@code xapp-1-A-1-A}, the shortest Slack app token the
     * pattern takes; the next shortest format, {@code xoxb-} and ten, has 15), each a {@link #isTokenChar token
     * character}: a text without a run of this many is not scanned.
     */
    static final int MIN_TOKEN_RUN = 12;

    static {
        for (char c = 0; c < 128; c++) {
            WORD_CHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
        for (int i = 0; i < FORMATS.size(); i++) {
            for (String p : FORMATS.get(i).prefixes()) {
                FIRST[p.charAt(0) >>> 6] |= 1L << p.charAt(0);
                int key = (p.charAt(0) << 7) | p.charAt(1);
                if (p.length() == 2) {
                    THIRD[2 * key] = -1L;
                    THIRD[2 * key + 1] = -1L;
                } else {
                    char c = p.charAt(2);
                    if (c >= 128) {
                        throw new IllegalStateException("token prefixes are ASCII: " + p);
                    }
                    THIRD[2 * key + (c >>> 6)] |= 1L << (c & 63);
                }
                int[] old = BY_PAIR[key];
                if (old == null) {
                    BY_PAIR[key] = new int[] {i};
                } else if (old[old.length - 1] != i) {
                    int[] grown = Arrays.copyOf(old, old.length + 1);
                    grown[old.length] = i;
                    BY_PAIR[key] = grown;
                }
            }
        }
    }

    private TokenFormats() {
    }

    private static Format f(String source, String prefixes, String regex, int maxLength, double minEntropy) {
        return new Format(source, List.of(prefixes.split(" ")), Pattern.compile(regex), maxLength, minEntropy);
    }

    /**
     * Hands each token in {@code text} to {@code sink}, in text order, until it declines one. A format is not
     * tried again inside the run of characters it has just read: "sk-sk-sk-..." costs one window per run, not
     * one per occurrence of the prefix.
     */
    static void scan(String text, Deadline deadline, Detectors.SpanSink sink) {
        Deadline.Counter clock = deadline.counter();
        int[] nextTry = null;   // made at the first candidate: most texts have none
        int[] read = null;
        boolean afterWordChar = false;
        for (int i = 0; i + 1 < text.length(); i++) {
            clock.tick();
            char c = text.charAt(i);
            boolean wordStart = !afterWordChar;
            afterWordChar = isWordChar(c);
            // most characters are inside a word, or start none of the prefixes: ruled out without the pair table
            if (!wordStart || c >= 128 || (FIRST[c >>> 6] & (1L << c)) == 0) {
                continue;
            }
            int[] candidates = formatsAt(text, i);
            if (candidates == null) {
                continue;
            }
            if (nextTry == null) {
                nextTry = new int[FORMATS.size()];
                read = new int[1];
            }
            for (int f : candidates) {
                if (i < nextTry[f]) {
                    continue;
                }
                read[0] = 0;
                int end = token(f, text, i, read);
                nextTry[f] = i + Math.max(1, read[0]);
                if (end > 0) {
                    if (!sink.accept(new Detectors.Span(Detectors.Kind.API_TOKEN, i, end))) {
                        return;
                    }
                    i = end - 1;
                    afterWordChar = isWordChar(text.charAt(i));
                    break;
                }
            }
        }
    }

    /** The formats whose prefix's first two characters are at {@code i}, at a word start; null when none. */
    static int[] formatsAt(String text, int i) {
        char c0 = text.charAt(i);
        char c1 = text.charAt(i + 1);
        if (c0 >= 128 || c1 >= 128) {
            return null;
        }
        int pair = (c0 << 7) | c1;
        int[] candidates = BY_PAIR[pair];
        if (candidates == null || (i > 0 && isWordChar(text.charAt(i - 1)))) {
            return null;
        }
        if (i + 2 < text.length()) {
            char c2 = text.charAt(i + 2);
            long word = THIRD[2 * pair + (c2 < 128 ? c2 >>> 6 : 1)];
            boolean possible = c2 < 128 ? (word & (1L << (c2 & 63))) != 0 : THIRD[2 * pair] == -1L;
            return possible ? candidates : null;
        }
        return THIRD[2 * pair] == -1L ? candidates : null;
    }

    /**
     * The end of a token of format {@code f} starting at {@code i}, or -1; {@code read[0]} is set to how many
     * characters the pattern matched, token or not.
     */
    private static int token(int f, String text, int i, int[] read) {
        Format format = FORMATS.get(f);
        boolean prefixed = false;
        // an indexed loop: this runs at every word start whose first two characters begin some prefix
        List<String> prefixes = format.prefixes();
        for (int k = 0; k < prefixes.size() && !prefixed; k++) {
            prefixed = text.startsWith(prefixes.get(k), i);
        }
        if (!prefixed) {
            return -1;
        }
        // a window one longer than the longest token: the pattern's end-of-token check sees the next character
        String window = text.substring(i, Math.min(text.length(), i + format.maxLength() + 1));
        Matcher m = format.pattern().matcher(window);
        if (!m.lookingAt()) {
            return -1;
        }
        read[0] = m.end(1);
        String token = m.group(1);
        if (ExampleValues.entropy(token) < format.minEntropy() || ExampleValues.isVendorSample(token)
                || ExampleValues.isPlaceholder(body(token, format))) {
            return -1;
        }
        return i + m.end(1);
    }

    /** The token without its literal prefix: what a placeholder replaces. */
    private static String body(String token, Format format) {
        for (String p : format.prefixes()) {
            if (token.startsWith(p)) {
                return token.substring(p.length());
            }
        }
        return token;
    }

    private static boolean isWordChar(char c) {
        return c < 128 && WORD_CHAR[c];
    }

    /**
     * Whether a character may be part of some format's token: the letters, digits and '_' of ASCII and
     * {@code + / = . ~ % & -} (the union of the formats' character classes and their literal prefixes).
     */
    static boolean isTokenChar(char c) {
        return c < 128 && (WORD_CHAR[c] || "+/=.~%&-".indexOf(c) >= 0);
    }

    /** Whether {@code text} holds a run of {@link #MIN_TOKEN_RUN} token characters: without one it has no token. */
    static boolean mayContain(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = isTokenChar(text.charAt(i)) ? run + 1 : 0;
            if (run >= MIN_TOKEN_RUN) {
                return true;
            }
        }
        return false;
    }
}
