package dev.secondlook.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsic functions against local values: Ref, Fn::GetAtt, Fn::Sub, Fn::Join,
 * Fn::Select, Fn::Split, Fn::If (with the template's Conditions: Fn::Equals, Fn::Not, Fn::And, Fn::Or), and
 * AWS::NoValue. Any other function fails with its name.
 */
public final class Intrinsics {

    /** Marks a property removed by {@code !Ref AWS::NoValue}. */
    public static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Function<String, Object> ref;
    private final BiFunction<String, String, Object> getAtt;
    private final Map<String, Object> conditions;
    private final Map<String, Boolean> conditionValues = new LinkedHashMap<>();

    public Intrinsics(Function<String, Object> ref, BiFunction<String, String, Object> getAtt,
                      Map<String, Object> conditions) {
        this.ref = ref;
        this.getAtt = getAtt;
        this.conditions = conditions == null ? Map.of() : conditions;
    }

    /** True when the named condition holds. */
    public boolean condition(String name) {
        Boolean cached = conditionValues.get(name);
        if (cached != null) {
            return cached;
        }
        Object def = conditions.get(name);
        if (def == null) {
            throw new UnsupportedTemplateException("condition '" + name + "' is not defined");
        }
        boolean v = truth(def);
        conditionValues.put(name, v);
        return v;
    }

    private boolean truth(Object def) {
        if (def instanceof Map<?, ?> m && m.size() == 1) {
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            List<?> args = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
            switch (String.valueOf(e.getKey())) {
                case "Fn::Equals":
                    return String.valueOf(resolve(args.get(0))).equals(String.valueOf(resolve(args.get(1))));
                case "Fn::Not":
                    return !truth(args.get(0));
                case "Fn::And":
                    return args.stream().allMatch(this::truth);
                case "Fn::Or":
                    return args.stream().anyMatch(this::truth);
                case "Condition":
                    return condition(String.valueOf(e.getValue()));
                default:
                    break;
            }
        }
        throw new UnsupportedTemplateException("condition expression " + def + " is not supported locally");
    }

    /** The value with every intrinsic function resolved. */
    public Object resolve(Object v) {
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                Object r = resolve(x);
                if (r != NO_VALUE) {
                    out.add(r);
                }
            }
            return out;
        }
        if (!(v instanceof Map<?, ?> m)) {
            return v;
        }
        if (m.size() == 1) {
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            String k = String.valueOf(e.getKey());
            if (k.equals("Ref") || k.startsWith("Fn::")) {
                return function(k, e.getValue());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> {
            Object r = resolve(x);
            if (r != NO_VALUE) {
                out.put(String.valueOf(k), r);
            }
        });
        return out;
    }

    private Object function(String name, Object arg) {
        switch (name) {
            case "Ref":
                return String.valueOf(arg).equals("AWS::NoValue") ? NO_VALUE : ref.apply(String.valueOf(arg));
            case "Fn::GetAtt": {
                List<?> a = (List<?>) arg;
                return getAtt.apply(String.valueOf(a.get(0)), String.valueOf(resolve(a.get(1))));
            }
            case "Fn::Sub":
                return sub(arg);
            case "Fn::Join": {
                List<?> a = (List<?>) arg;
                List<?> parts = (List<?>) resolve(a.get(1));
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < parts.size(); i++) {
                    sb.append(i > 0 ? String.valueOf(a.get(0)) : "").append(parts.get(i));
                }
                return sb.toString();
            }
            case "Fn::Select": {
                List<?> a = (List<?>) arg;
                int i = Integer.parseInt(String.valueOf(resolve(a.get(0))));
                return ((List<?>) resolve(a.get(1))).get(i);
            }
            case "Fn::Split": {
                List<?> a = (List<?>) arg;
                return List.of(String.valueOf(resolve(a.get(1))).split(Pattern.quote(String.valueOf(a.get(0))), -1));
            }
            case "Fn::If": {
                List<?> a = (List<?>) arg;
                return resolve(condition(String.valueOf(a.get(0))) ? a.get(1) : a.get(2));
            }
            default:
                throw new UnsupportedTemplateException("intrinsic function " + name + " is not supported locally");
        }
    }

    private Object sub(Object arg) {
        String text;
        Map<String, Object> vars = new LinkedHashMap<>();
        if (arg instanceof List<?> l) {
            text = String.valueOf(l.get(0));
            ((Map<?, ?>) l.get(1)).forEach((k, v) -> vars.put(String.valueOf(k), resolve(v)));
        } else {
            text = String.valueOf(arg);
        }
        Matcher m = SUB_VAR.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object value;
            if (vars.containsKey(name)) {
                value = vars.get(name);
            } else if (name.contains(".")) {
                value = getAtt.apply(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1));
            } else {
                value = ref.apply(name);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(value)));
        }
        m.appendTail(sb);
        return sb.toString().replace("${!", "${");
    }
}
