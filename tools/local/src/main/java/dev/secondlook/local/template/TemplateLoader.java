package dev.secondlook.local.template;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a CloudFormation / SAM template in YAML, short-form intrinsics included: {@code !Ref X} becomes
 * {@code {"Ref": "X"}}, {@code !GetAtt A.B} becomes {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Sub}, {@code !If},
 * {@code !Join} and the other {@code !Fn} tags become {@code {"Fn::<name>": value}}.
 */
public final class TemplateLoader {

    private static final List<String> FUNCTIONS = List.of("Sub", "If", "Join", "Select", "Split", "Equals", "Not",
            "And", "Or", "FindInMap", "Base64", "Cidr", "GetAZs", "ImportValue", "Transform", "ToJsonString",
            "Length");

    private TemplateLoader() {
    }

    /** Parses {@code template.yaml}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(Path file) throws IOException {
        Yaml yaml = new Yaml(new IntrinsicConstructor());
        Object root = yaml.load(Files.readString(file));
        if (!(root instanceof Map)) {
            throw new IllegalArgumentException(file + " is not a CloudFormation template (no top-level mapping)");
        }
        return (Map<String, Object>) root;
    }

    /** SnakeYAML's safe constructor plus CloudFormation's short-form tags. */
    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor() {
            super(new LoaderOptions());
            this.yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            this.yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            this.yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
            for (String f : FUNCTIONS) {
                this.yamlConstructors.put(new Tag("!" + f), new Intrinsic("Fn::" + f));
            }
        }

        private Object construct(Node node) {
            if (node instanceof ScalarNode s) {
                return constructScalar(s);
            }
            if (node instanceof SequenceNode q) {
                return constructSequence(q);
            }
            return constructMapping((MappingNode) node);
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                return Map.of(key, IntrinsicConstructor.this.construct(node));
            }
        }

        private final class GetAtt extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                Object v = IntrinsicConstructor.this.construct(node);
                if (v instanceof String s) {
                    int dot = s.indexOf('.');
                    if (dot < 0) {
                        throw new IllegalArgumentException("!GetAtt " + s + ": expected Resource.Attribute");
                    }
                    return Map.of("Fn::GetAtt", List.of(s.substring(0, dot), s.substring(dot + 1)));
                }
                return Map.of("Fn::GetAtt", v);
            }
        }
    }
}
