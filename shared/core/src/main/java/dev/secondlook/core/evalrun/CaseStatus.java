package dev.secondlook.core.evalrun;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How one eval case ended in a run: passed, failed (with the rules), or error (no verdict, with a reason). */
public enum CaseStatus {
    PASS("pass"), FAIL("fail"), ERROR("error");

    private final String wireName;

    CaseStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static CaseStatus parse(String s) {
        for (CaseStatus c : values()) {
            if (c.wireName.equals(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown case status '" + s + "' (pass, fail or error)");
    }
}
