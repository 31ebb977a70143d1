package dev.secondlook.gate;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.secondlook.aws.IamPrincipals;

import java.util.List;

/**
 * Who may check outputs: the application principals named in the template's {@code ApplicationPrincipalArns} (role
 * or user ARNs; an assumed-role session counts as its role). Every other caller - reviewers included - is
 * authenticated but refused (403). A check is kept with its application's principal, so that only it reads the
 * decision (any session of the same role may).
 *
 * @param applicationPrincipals the IAM principals of the calling applications
 */
public record GateAccess(List<String> applicationPrincipals) {

    /** The caller as API Gateway's IAM authoriser verified them. */
    public sealed interface Caller permits Anonymous, Refused, Application {
    }

    /** No verified identity on the request (401). */
    public record Anonymous() implements Caller {
    }

    /** Authenticated, but not an application of this stack (403); {@code arn} is for the log. */
    public record Refused(String arn) implements Caller {
    }

    /** An application: its principal (a role for an assumed-role session). */
    public record Application(String principal) implements Caller {
    }

    public GateAccess {
        applicationPrincipals = List.copyOf(applicationPrincipals);
    }

    public Caller caller(APIGatewayV2HTTPEvent event) {
        var ctx = event.getRequestContext();
        var iam = ctx == null || ctx.getAuthorizer() == null ? null : ctx.getAuthorizer().getIam();
        if (iam == null || iam.getUserArn() == null || iam.getUserArn().isBlank()) {
            return new Anonymous();
        }
        String principal = IamPrincipals.principalOf(iam.getUserArn());
        return IamPrincipals.matches(applicationPrincipals, principal) ? new Application(principal)
                : new Refused(iam.getUserArn());
    }
}
