package dev.secondlook.local.template;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ReviewApi's authorizer is chosen per route in its DefinitionBody (SAM's DefaultAuthorizer cannot take !If). A
 * route added to ReviewFunction's events but not there would still be IAM-only (the literal default), so with
 * ReviewApiAuth=JWT reviewers could not call it: the two lists must be the same.
 */
class ReviewApiRoutesTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyReviewFunctionRoute_choosesItsAuthorizerInTheDefinitionBody() throws IOException {
        Map<String, Object> resources = (Map<String, Object>) TemplateLoader.load(Path.of("../../template.yaml"))
                .get("Resources");
        Set<String> events = new TreeSet<>();
        resources.forEach((id, r) -> {
            Map<String, Object> res = (Map<String, Object>) r;
            Map<String, Object> props = (Map<String, Object>) res.getOrDefault("Properties", Map.of());
            ((Map<String, Object>) props.getOrDefault("Events", Map.of())).values().forEach(e -> {
                Map<String, Object> event = (Map<String, Object>) e;
                Map<String, Object> p = (Map<String, Object>) event.get("Properties");
                if ("HttpApi".equals(event.get("Type")) && Map.of("Ref", "ReviewApi").equals(p.get("ApiId"))) {
                    events.add(String.valueOf(p.get("Method")).toUpperCase(Locale.ROOT) + " " + p.get("Path"));
                }
            });
        });
        Map<String, Object> api = (Map<String, Object>) ((Map<String, Object>) resources.get("ReviewApi"))
                .get("Properties");
        Set<String> declared = new TreeSet<>();
        ((Map<String, Object>) ((Map<String, Object>) api.get("DefinitionBody")).get("paths")).forEach((path, ops) ->
                ((Map<String, Object>) ops).keySet().forEach(m -> declared.add(m.toUpperCase(Locale.ROOT) + " "
                        + path)));
        assertEquals(events, declared);
    }
}
