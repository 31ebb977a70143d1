package dev.secondlook.core.policy;

import java.util.regex.Pattern;

/** A shell-style pattern ({@code *} any run of characters, {@code ?} one character), matched whole. */
record Glob(String text, Pattern pattern) {

    static Glob of(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Glob(text, Pattern.compile(sb.toString(), Pattern.DOTALL));
    }

    boolean matches(String value) {
        return value != null && pattern.matcher(value).matches();
    }
}
