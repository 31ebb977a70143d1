package dev.secondlook.review;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.secondlook.core.review.Reviewer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ReviewerAccessTest {

    private static final ReviewerAccess ACCESS = new ReviewerAccess(
            List.of("arn:aws:iam::123456789012:role/team/Reviewers", "arn:aws:iam::123456789012:user/alice"),
            List.of("arn:aws:iam::123456789012:role/ReviewLeads"), "reviewers", "leads", "cognito:groups");

    private static APIGatewayV2HTTPEvent iam(String userArn) {
        var iam = new APIGatewayV2HTTPEvent.RequestContext.IAM();
        iam.setUserArn(userArn);
        var auth = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        auth.setIam(iam);
        var ctx = new APIGatewayV2HTTPEvent.RequestContext();
        ctx.setAuthorizer(auth);
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRequestContext(ctx);
        return e;
    }

    private static APIGatewayV2HTTPEvent jwt(Map<String, String> claims) {
        var jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(claims);
        var auth = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        auth.setJwt(jwt);
        var ctx = new APIGatewayV2HTTPEvent.RequestContext();
        ctx.setAuthorizer(auth);
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRequestContext(ctx);
        return e;
    }

    @Test
    void anAssumedRoleSession_actsAsItsRole_andKeepsTheSessionAsADetailOfItsIdentity() {
        String session = "arn:aws:sts::123456789012:assumed-role/Reviewers/jane@example.com";
        var caller = assertInstanceOf(ReviewerAccess.Allowed.class, ACCESS.caller(iam(session)));
        assertEquals(new Reviewer(session, false), caller.reviewer());
        var lead = assertInstanceOf(ReviewerAccess.Allowed.class,
                ACCESS.caller(iam("arn:aws:sts::123456789012:assumed-role/ReviewLeads/sam")));
        assertEquals(true, lead.reviewer().lead());
    }

    @Test
    void aRoleOfTheSameNameInAnotherAccount_orAnUnlistedUser_isRefused() {
        assertInstanceOf(ReviewerAccess.Refused.class,
                ACCESS.caller(iam("arn:aws:sts::999999999999:assumed-role/Reviewers/x")));
        assertInstanceOf(ReviewerAccess.Refused.class, ACCESS.caller(iam("arn:aws:iam::123456789012:user/carol")));
        assertInstanceOf(ReviewerAccess.Refused.class,
                ACCESS.caller(iam("arn:aws:sts::123456789012:assumed-role/Admin/Reviewers")),
                "a session named like the role is not the role");
    }

    @Test
    void jwt_usesTheEmailOnlyWhenVerified_elseTheSubject() {
        Map<String, String> claims = new HashMap<>(Map.of("sub", "5f1c-sub", "email", "eve@example.com",
                "cognito:groups", "[reviewers]"));
        var unverified = assertInstanceOf(ReviewerAccess.Allowed.class, ACCESS.caller(jwt(claims)));
        assertEquals("5f1c-sub", unverified.reviewer().id());
        claims.put("email_verified", "true");
        var verified = assertInstanceOf(ReviewerAccess.Allowed.class, ACCESS.caller(jwt(claims)));
        assertEquals("eve@example.com", verified.reviewer().id());
    }

    @Test
    void jwt_groupsDecideTheRole_inEveryShapeTheAuthoriserPassesThem() {
        assertEquals(List.of("reviewers", "leads"), ReviewerAccess.groups("[reviewers leads]"));
        assertEquals(List.of("reviewers", "leads"), ReviewerAccess.groups("[\"reviewers\",\"leads\"]"));
        assertEquals(List.of("leads"), ReviewerAccess.groups("leads"));
        var lead = assertInstanceOf(ReviewerAccess.Allowed.class,
                ACCESS.caller(jwt(Map.of("sub", "s", "cognito:groups", "[reviewers leads]"))));
        assertEquals(true, lead.reviewer().lead());
        assertInstanceOf(ReviewerAccess.Refused.class, ACCESS.caller(jwt(Map.of("sub", "s", "cognito:groups",
                "[support]"))));
        assertInstanceOf(ReviewerAccess.Anonymous.class, ACCESS.caller(jwt(Map.of("cognito:groups", "[leads]"))));
    }
}
