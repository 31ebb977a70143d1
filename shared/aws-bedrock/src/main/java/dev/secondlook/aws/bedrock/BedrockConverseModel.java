package dev.secondlook.aws.bedrock;

import dev.secondlook.core.evalrun.CandidateModel;
import dev.secondlook.core.evalrun.ModelCallException;
import dev.secondlook.core.evalrun.ModelThrottledException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

import java.util.List;

/**
 * The candidate through the Bedrock Runtime Converse API: one user turn, the system prompt when there is one, the
 * given most output tokens. {@code ThrottlingException} and {@code ServiceUnavailableException} become
 * {@link ModelThrottledException} (back off and retry); every other service error, and a failed connection, a
 * {@link ModelCallException} whose message is the error code and HTTP status, never the service's message (which
 * can quote the request).
 */
public final class BedrockConverseModel implements CandidateModel, AutoCloseable {

    private final BedrockRuntimeClient client;
    private final int maxTokens;

    public BedrockConverseModel(BedrockRuntimeClient client, int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        this.client = client;
        this.maxTokens = maxTokens;
    }

    @Override
    public Reply converse(String modelId, String systemPrompt, String prompt) {
        ConverseRequest.Builder request = ConverseRequest.builder()
                .modelId(modelId)
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(prompt))
                        .build())
                .inferenceConfig(c -> c.maxTokens(maxTokens));
        if (systemPrompt != null && !systemPrompt.isEmpty()) {
            request.system(List.of(SystemContentBlock.fromText(systemPrompt)));
        }
        ConverseResponse response;
        try {
            response = client.converse(request.build());
        } catch (ThrottlingException | ServiceUnavailableException e) {
            throw new ModelThrottledException(code(e), e);
        } catch (BedrockRuntimeException e) {
            throw new ModelCallException(code(e), e);
        } catch (SdkClientException e) {
            throw new ModelCallException("no answer from Bedrock Runtime (" + e.getClass().getSimpleName() + ")", e);
        } catch (SdkException e) {
            throw new ModelCallException(e.getClass().getSimpleName(), e);
        }
        StringBuilder text = new StringBuilder();
        if (response.output() != null && response.output().message() != null) {
            for (ContentBlock block : response.output().message().content()) {
                if (block.text() != null) {
                    text.append(text.isEmpty() ? "" : "\n").append(block.text());
                }
            }
        }
        long in = response.usage() == null || response.usage().inputTokens() == null ? 0
                : response.usage().inputTokens();
        long out = response.usage() == null || response.usage().outputTokens() == null ? 0
                : response.usage().outputTokens();
        return new Reply(text.toString(), response.stopReasonAsString(), in, out);
    }

    private static String code(BedrockRuntimeException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return (code == null || code.isBlank() ? e.getClass().getSimpleName() : code) + " (HTTP " + e.statusCode()
                + ")";
    }

    @Override
    public void close() {
        client.close();
    }
}
