package dev.secondlook.local.template;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The console's part of the template: its API answers the same review routes as ReviewApi, every one behind the
 * JWT authorizer except the page and its assets, and the user pool's app client is a public client with the
 * authorization code flow only (PKCE; no secret a browser would have to hold, no implicit flow).
 */
class ConsoleTemplateTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resources() throws IOException {
        return (Map<String, Object>) TemplateLoader.load(Path.of("../../template.yaml")).get("Resources");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resources, String id) {
        return (Map<String, Object>) ((Map<String, Object>) resources.get(id)).get("Properties");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theConsoleApi_servesTheReviewRoutesBehindItsJwtAuthorizer_andOnlyThePageWithout() throws IOException {
        Map<String, Object> resources = resources();
        Map<String, Set<String>> routes = new TreeMap<>();
        Set<String> open = new TreeSet<>();
        ((Map<String, Object>) props(resources, "ReviewFunction").get("Events")).values().forEach(e -> {
            Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) e).get("Properties");
            String api = String.valueOf(((Map<String, Object>) p.get("ApiId")).get("Ref"));
            String route = String.valueOf(p.get("Method")).toUpperCase(Locale.ROOT) + " " + p.get("Path");
            routes.computeIfAbsent(api, k -> new TreeSet<>()).add(route);
            if (p.get("Auth") instanceof Map<?, ?> auth && "NONE".equals(auth.get("Authorizer"))) {
                open.add(api + " " + route);
            }
        });
        assertEquals(Set.of("ConsoleApi GET /", "ConsoleApi GET /console/{asset}"), open);
        Set<String> console = new TreeSet<>(routes.get("ConsoleApi"));
        console.removeAll(Set.of("GET /", "GET /console/{asset}"));
        assertEquals(routes.get("ReviewApi"), console, "the CLI's routes and the console's are the same");
        Map<String, Object> auth = (Map<String, Object>) props(resources, "ConsoleApi").get("Auth");
        assertEquals("ConsoleJwt", auth.get("DefaultAuthorizer"));
        assertFalse(auth.containsKey("EnableIamAuthorizer"), "no other way in");
    }

    @Test
    void theAppClient_isPublic_withTheCodeFlowOnly() throws IOException {
        Map<String, Object> client = props(resources(), "ConsoleAppClient");
        assertEquals(false, client.get("GenerateSecret"));
        assertEquals(List.of("code"), client.get("AllowedOAuthFlows"));
        assertEquals(true, client.get("AllowedOAuthFlowsUserPoolClient"));
        assertEquals(List.of("ALLOW_REFRESH_TOKEN_AUTH"), client.get("ExplicitAuthFlows"),
                "no password flows: people sign in on the hosted page");
        Map<String, Object> pool = props(resources(), "ReviewerUserPool");
        assertEquals(Map.of("AllowAdminCreateUserOnly", true), pool.get("AdminCreateUserConfig"),
                "nobody signs themselves up");
    }
}
