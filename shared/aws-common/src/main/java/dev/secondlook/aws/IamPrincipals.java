package dev.secondlook.aws;

import java.util.ArrayList;
import java.util.List;

/**
 * Who an IAM-authorised caller is, by role: the principal behind a caller ARN as API Gateway's IAM authoriser
 * gives it, and whether a list of configured principals (a template parameter) names it. The review API and the
 * gate authorise their callers this way.
 */
public final class IamPrincipals {

    private IamPrincipals() {
    }

    /** A comma-separated list, blanks dropped. */
    public static List<String> list(String commaSeparated) {
        List<String> out = new ArrayList<>();
        for (String s : commaSeparated.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /**
     * The IAM principal behind a caller ARN: an assumed-role session ({@code arn:aws:sts::A:assumed-role/R/S})
     * is its role {@code arn:aws:iam::A:role/R}; a user is itself.
     */
    public static String principalOf(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length == 6 && parts[2].equals("sts") && parts[5].startsWith("assumed-role/")) {
            String[] rs = parts[5].split("/");
            if (rs.length >= 2) {
                return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + rs[1];
            }
        }
        return arn;
    }

    /** Whether a configured principal names this one; a configured role with a path matches by its name. */
    public static boolean matches(List<String> configured, String principal) {
        for (String c : configured) {
            if (c.equals(principal)) {
                return true;
            }
            int role = c.indexOf(":role/");
            if (role > 0 && principal.contains(":role/") && c.substring(0, role).equals(principal.substring(0,
                    principal.indexOf(":role/")))) {
                String name = c.substring(c.lastIndexOf('/') + 1);
                if (principal.endsWith(":role/" + name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
