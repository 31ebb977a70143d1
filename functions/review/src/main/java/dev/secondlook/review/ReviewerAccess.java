package dev.secondlook.review;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.secondlook.aws.IamPrincipals;
import dev.secondlook.core.review.Reviewer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the review API, by role rather than by authentication: in IAM mode the principals named in
 * template parameters (role or user ARNs; an assumed-role session counts as its role), in JWT mode the members of
 * the reviewer and lead groups. Everyone else is authenticated but refused (403).
 *
 * <p>Identity: in IAM mode the caller's ARN as API Gateway gives it (for a role, the assumed-role ARN: the role
 * and, as a detail, the session name); in JWT mode {@code email} only when {@code email_verified} is true, else
 * {@code sub}. A request body never names the reviewer.
 *
 * @param reviewerPrincipals IAM principals who review
 * @param leadPrincipals     IAM principals who lead (they also review)
 * @param reviewerGroup      the JWT group of reviewers
 * @param leadGroup          the JWT group of leads
 * @param groupsClaim        the JWT claim that lists the caller's groups
 */
public record ReviewerAccess(List<String> reviewerPrincipals, List<String> leadPrincipals, String reviewerGroup,
                             String leadGroup, String groupsClaim) {

    /** The caller as the API's authoriser verified them. */
    public sealed interface Caller permits Anonymous, Refused, Allowed {
    }

    /** No verified identity on the request (401). */
    public record Anonymous() implements Caller {
    }

    /** Authenticated, but neither a reviewer nor a lead (403); {@code id} is for the log, never for the body. */
    public record Refused(String id) implements Caller {
    }

    /** A reviewer or a lead. */
    public record Allowed(Reviewer reviewer) implements Caller {
    }

    public ReviewerAccess {
        reviewerPrincipals = List.copyOf(reviewerPrincipals);
        leadPrincipals = List.copyOf(leadPrincipals);
    }

    /** A comma-separated list, blanks dropped. */
    static List<String> list(String commaSeparated) {
        return IamPrincipals.list(commaSeparated);
    }

    public Caller caller(APIGatewayV2HTTPEvent event) {
        var ctx = event.getRequestContext();
        if (ctx == null || ctx.getAuthorizer() == null) {
            return new Anonymous();
        }
        var iam = ctx.getAuthorizer().getIam();
        if (iam != null && iam.getUserArn() != null && !iam.getUserArn().isBlank()) {
            String arn = iam.getUserArn();
            String principal = principalOf(arn);
            if (matches(leadPrincipals, principal)) {
                return new Allowed(new Reviewer(arn, true));
            }
            return matches(reviewerPrincipals, principal) ? new Allowed(new Reviewer(arn, false)) : new Refused(arn);
        }
        var jwt = ctx.getAuthorizer().getJwt();
        if (jwt != null && jwt.getClaims() != null) {
            Map<String, String> claims = jwt.getClaims();
            String id = "true".equalsIgnoreCase(claims.get("email_verified")) && notBlank(claims.get("email"))
                    ? claims.get("email") : claims.get("sub");
            if (!notBlank(id)) {
                return new Anonymous();
            }
            List<String> groups = groups(claims.get(groupsClaim));
            if (groups.contains(leadGroup)) {
                return new Allowed(new Reviewer(id, true));
            }
            return groups.contains(reviewerGroup) ? new Allowed(new Reviewer(id, false)) : new Refused(id);
        }
        return new Anonymous();
    }

    static String principalOf(String arn) {
        return IamPrincipals.principalOf(arn);
    }

    private static boolean matches(List<String> configured, String principal) {
        return IamPrincipals.matches(configured, principal);
    }

    /**
     * The groups of a JWT claim as API Gateway's JWT authoriser passes it: {@code [a b]} for an array, a JSON array,
     * or a comma-separated string.
     */
    static List<String> groups(String claim) {
        List<String> out = new ArrayList<>();
        if (claim == null) {
            return out;
        }
        String s = claim.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        for (String g : s.split("[,\\s]+")) {
            String t = g.trim();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1);
            }
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** For tests and the local runtime's identities. */
    Optional<Reviewer> reviewer(APIGatewayV2HTTPEvent event) {
        return caller(event) instanceof Allowed a ? Optional.of(a.reviewer()) : Optional.empty();
    }
}
