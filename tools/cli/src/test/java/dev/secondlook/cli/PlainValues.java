package dev.secondlook.cli;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** DynamoDB attribute values as plain JSON-able Java values (maps sorted by key). */
final class PlainValues {

    private PlainValues() {
    }

    /** S as String, N as Long or Double, BOOL, L as List, M as sorted Map, SS as sorted Set; null otherwise. */
    public static Object of(AttributeValue v) {
        if (v.s() != null) {
            return v.s();
        }
        if (v.n() != null) {
            return v.n().contains(".") || v.n().contains("e") || v.n().contains("E") ? (Object) Double.valueOf(v.n())
                    : (Object) Long.valueOf(v.n());
        }
        if (v.bool() != null) {
            return v.bool();
        }
        if (v.hasL()) {
            List<Object> l = new ArrayList<>();
            v.l().forEach(x -> l.add(of(x)));
            return l;
        }
        if (v.hasM()) {
            Map<String, Object> m = new TreeMap<>();
            v.m().forEach((k, x) -> m.put(k, of(x)));
            return m;
        }
        if (v.hasSs()) {
            return new TreeSet<>(v.ss());
        }
        return null;
    }
}
