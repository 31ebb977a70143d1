package dev.secondlook.core.model;

import java.util.Map;

/**
 * One model call normalised from any supported log format: what was asked, what the model answered, and the
 * metadata the policy can match on. Text fields are never null (empty when the source had none).
 *
 * @param recordId        stable id: the source's request id where it has one, else a hash of its location
 * @param format          detected source format, e.g. {@code bedrock-converse}
 * @param source          where the record came from
 * @param timestamp       the record's own timestamp as logged (ISO-8601), or null
 * @param operation       API operation (Converse, InvokeModel, chat.completions ...)
 * @param modelId         model id as logged
 * @param requestMetadata application tags (Bedrock {@code requestMetadata}, OTel attributes ...)
 * @param systemPrompt    system prompt text
 * @param prompt          prompt text: the user turn, or the rendered conversation when there are several turns
 * @param output          the final assistant output that is judged
 * @param stopReason      stop / finish reason as logged
 * @param guardrailAction guardrail action as logged (e.g. INTERVENED), or null
 * @param inputTokens     input token count, or null
 * @param outputTokens    output token count, or null
 * @param errorCode       error code of a failed call (recorded, not judged), or null
 * @param promptOffloaded true when the prompt body lives in a sidecar object not read here
 */
public record Interaction(
        String recordId,
        String format,
        SourceRef source,
        String timestamp,
        String operation,
        String modelId,
        Map<String, String> requestMetadata,
        String systemPrompt,
        String prompt,
        String output,
        String stopReason,
        String guardrailAction,
        Integer inputTokens,
        Integer outputTokens,
        String errorCode,
        boolean promptOffloaded) {

    public Interaction {
        requestMetadata = requestMetadata == null ? Map.of() : Map.copyOf(requestMetadata);
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        prompt = prompt == null ? "" : prompt;
        output = output == null ? "" : output;
    }

    /** The same interaction with another prompt. */
    public Interaction withPrompt(String prompt) {
        return new Interaction(recordId, format, source, timestamp, operation, modelId, requestMetadata, systemPrompt,
                prompt, output, stopReason, guardrailAction, inputTokens, outputTokens, errorCode, promptOffloaded);
    }

    /** Characters of text the interaction holds: system prompt, prompt and output (what a judge budget weighs). */
    public long textLength() {
        return (long) systemPrompt.length() + prompt.length() + output.length();
    }

    /** The text of one field the policy can match on. */
    public String text(TextField field) {
        return switch (field) {
            case OUTPUT -> output;
            case PROMPT -> prompt;
            case SYSTEM -> systemPrompt;
        };
    }
}
