package dev.secondlook.aws.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** What every message secondlook publishes needs: attributes, a JSON body, and a subject SNS accepts. */
final class SnsMessages {

    private SnsMessages() {
    }

    static MessageAttributeValue attr(String type, String value) {
        return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
    }

    /** The body; {@code what} names it in the error a value that cannot be written raises. */
    static String json(ObjectMapper mapper, Object o, String what) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " is not serialisable", e);
        }
    }

    /** A subject for e-mail subscriptions: printable ASCII only (others become '?'), at most 100 characters. */
    static String subject(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.chars().forEach(c -> out.append(c >= 0x20 && c <= 0x7E ? (char) c : '?'));
        return out.length() <= 100 ? out.toString() : out.substring(0, 97) + "...";
    }
}
