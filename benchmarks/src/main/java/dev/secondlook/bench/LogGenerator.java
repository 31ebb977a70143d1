package dev.secondlook.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Synthetic Bedrock invocation logs: Converse (most), InvokeModel Anthropic, ConverseStream; about 1 KB a record;
 * about one in twenty carries a phrase the default policy reacts to. Deterministic for a seed.
 */
final class LogGenerator {

    private static final String[] QUESTIONS = {"Where is my order?", "How do I reset my password?",
            "Can I change my delivery address?", "Is the premium plan refundable?", "What are your opening hours?",
            "Summarise this ticket for the agent.", "Translate the reply to French.", "Do you ship to Canada?"};
    private static final String[] ANSWERS = {"You can track your order from the Orders page at any time.",
            "Use the Forgot password link on the sign-in page and follow the e-mail.",
            "Yes, until the parcel is dispatched you can change it from the Orders page.",
            "Premium plans can be cancelled from Settings; a colleague handles refund requests.",
            "We are open from nine to five, Monday to Friday, except public holidays.",
            "The customer reports a double charge on order 8812 and asks for a reply.",
            "Bonjour, votre commande a été expédiée hier et arrivera demain.",
            "Yes, we ship to Canada within five to seven business days."};
    private static final String[] RISKY = {"I have issued a full refund of $249 to your card.",
            "Use the key AKIAQYLPMN5HFIQR7XB2 for the deploy job.",
            "You should stop taking your blood pressure medication.",
            "Our refund policy states that every plan is refundable for a year.",
            "I'm sorry, but I can't help with that."};

    private final Random random;
    private final int historyTurns;
    private long n;

    LogGenerator(long seed) {
        this(seed, 0);
    }

    /**
     * With {@code historyTurns} earlier turns of the conversation in front of each Converse request's question (a
     * chat application's log: the prompt, its history, is most of the record, about 300 characters a turn).
     */
    LogGenerator(long seed, int historyTurns) {
        this.random = new Random(seed);
        this.historyTurns = historyTurns;
    }

    /** The earlier turns of a conversation, as Converse messages each followed by a comma. */
    private String history() {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < historyTurns; t++) {
            boolean user = t % 2 == 0;
            String said = user ? QUESTIONS[random.nextInt(QUESTIONS.length)] : ANSWERS[random.nextInt(ANSWERS.length)];
            sb.append("{\"role\":\"").append(user ? "user" : "assistant").append("\",\"content\":[{\"text\":\"")
                    .append(said).append(" Earlier in this conversation we talked about order ")
                    .append(1000 + random.nextInt(9000)).append(", its delivery window, the address on file and what ")
                    .append("the customer would like us to do next; the notes from that call are attached to the ")
                    .append("ticket for the agent who picks it up.\"}]},");
        }
        return sb.toString();
    }

    /** One JSON line (with its newline). */
    String next() {
        n++;
        int q = random.nextInt(QUESTIONS.length);
        String answer = random.nextInt(20) == 0 ? RISKY[random.nextInt(RISKY.length)] : ANSWERS[q];
        String padding = "Context: order history, tier gold, locale en-GB, channel web, session "
                + Long.toHexString(random.nextLong()) + ".";
        String id = String.format("%08x-%04x-4%03x-a%03x-%012x", n, random.nextInt(0x10000), random.nextInt(0x1000),
                random.nextInt(0x1000), random.nextLong() & 0xffffffffffffL);
        String route = switch (random.nextInt(4)) {
            case 0 -> "support.faq";
            case 1 -> "support.chat";
            case 2 -> "billing.questions";
            default -> "orders.status";
        };
        int kind = random.nextInt(10);
        if (kind < 7) {
            return "{\"schemaType\":\"ModelInvocationLog\",\"schemaVersion\":\"1.0\",\"timestamp\":\"2026-08-19T05:14:05Z\","
                    + "\"accountId\":\"123456789012\",\"region\":\"us-east-1\",\"requestId\":\"" + id + "\","
                    + "\"operation\":\"Converse\",\"modelId\":\"anthropic.claude-3-haiku-20240307-v1:0\","
                    + "\"input\":{\"inputContentType\":\"application/json\",\"inputBodyJson\":{\"system\":[{\"text\":"
                    + "\"You are the ExampleCo support assistant. Be brief and polite.\"}],\"messages\":[" + history()
                    + "{\"role\":"
                    + "\"user\",\"content\":[{\"text\":\"" + QUESTIONS[q] + " " + padding + "\"}]}],"
                    + "\"inferenceConfig\":{\"maxTokens\":512,\"temperature\":0.2}},\"inputTokenCount\":61},"
                    + "\"output\":{\"outputContentType\":\"application/json\",\"outputBodyJson\":{\"output\":"
                    + "{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"" + answer + "\"}]}},"
                    + "\"stopReason\":\"end_turn\",\"metrics\":{\"latencyMs\":812},\"usage\":{\"inputTokens\":61,"
                    + "\"outputTokens\":38,\"totalTokens\":99}},\"outputTokenCount\":38},"
                    + "\"requestMetadata\":{\"app\":\"support-bot\",\"route\":\"" + route + "\",\"env\":\"prod\"}}\n";
        }
        if (kind < 9) {
            return "{\"schemaType\":\"ModelInvocationLog\",\"schemaVersion\":\"1.0\",\"timestamp\":\"2026-08-19T05:14:06Z\","
                    + "\"accountId\":\"123456789012\",\"region\":\"us-east-1\",\"requestId\":\"" + id + "\","
                    + "\"operation\":\"InvokeModel\",\"modelId\":\"anthropic.claude-3-haiku-20240307-v1:0\","
                    + "\"input\":{\"inputContentType\":\"application/json\",\"inputBodyJson\":{\"anthropic_version\":"
                    + "\"bedrock-2023-05-31\",\"max_tokens\":300,\"system\":\"You are a helpful assistant.\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTIONS[q] + " " + padding + "\"}]},"
                    + "\"inputTokenCount\":40},\"output\":{\"outputContentType\":\"application/json\","
                    + "\"outputBodyJson\":{\"id\":\"msg_" + id + "\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"" + answer + "\"}],\"stop_reason\":\"end_turn\","
                    + "\"usage\":{\"input_tokens\":40,\"output_tokens\":22}},\"outputTokenCount\":22},"
                    + "\"requestMetadata\":{\"route\":\"" + route + "\"}}\n";
        }
        return "{\"schemaType\":\"ModelInvocationLog\",\"schemaVersion\":\"1.0\",\"timestamp\":\"2026-08-19T05:14:07Z\","
                + "\"accountId\":\"123456789012\",\"region\":\"us-east-1\",\"requestId\":\"" + id + "\","
                + "\"operation\":\"ConverseStream\",\"modelId\":\"amazon.nova-lite-v1:0\",\"input\":{"
                + "\"inputContentType\":\"application/json\",\"inputBodyJson\":{\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"text\":\"" + QUESTIONS[q] + "\"}]}]},\"inputTokenCount\":9},\"output\":{"
                + "\"outputContentType\":\"application/json\",\"outputBodyJson\":{\"output\":{\"message\":{"
                + "\"role\":\"assistant\",\"content\":[{\"text\":\"" + answer + " " + padding + "\"}]}},"
                + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":9,\"outputTokens\":30,\"totalTokens\":39}},"
                + "\"outputTokenCount\":30},\"requestMetadata\":{\"route\":\"" + route + "\"}}\n";
    }

    /** Writes records until at least {@code bytes} uncompressed bytes; returns the record count. */
    long write(OutputStream out, long bytes) throws IOException {
        long written = 0;
        long records = 0;
        while (written < bytes) {
            byte[] line = next().getBytes(StandardCharsets.UTF_8);
            out.write(line);
            written += line.length;
            records++;
        }
        return records;
    }

    /** An input stream of {@code bytes} generated on the fly (for objects larger than memory). */
    InputStream stream(long bytes) {
        return new InputStream() {
            private byte[] line = new byte[0];
            private int pos;
            private long remaining = bytes;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= line.length) {
                    if (remaining <= 0) {
                        return -1;
                    }
                    line = next().getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                    remaining -= line.length;
                }
                int n = Math.min(len, line.length - pos);
                System.arraycopy(line, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
