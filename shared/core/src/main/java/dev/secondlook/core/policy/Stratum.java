package dev.secondlook.core.policy;

import java.util.List;

/** A sampling stratum: route × model × category globs and the rate for records that fall in it. */
record Stratum(Glob route, Glob model, Glob category, double rate) {

    boolean matches(String routeValue, String modelValue, List<String> categories) {
        if (!route.matches(routeValue) || !model.matches(modelValue)) {
            return false;
        }
        if (category.text().equals("*")) {
            return true;
        }
        for (String c : categories) {
            if (category.matches(c)) {
                return true;
            }
        }
        return false;
    }
}
