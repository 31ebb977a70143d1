package dev.secondlook.cli;

import picocli.CommandLine.Option;

/** {@code --stack} and {@code --region}, for every command that talks to a stack. */
final class StackOptions {

    @Option(names = "--stack", paramLabel = "NAME",
            description = "A deployed stack: its CloudFormation outputs name the review API and eval bucket "
                    + "(default: the local stack that ./secondlook local up runs).")
    String stack;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region of the stack and of request signing (default: $AWS_REGION, else "
                    + "$AWS_DEFAULT_REGION, else us-east-1; a local stack's own region wins).")
    String region;
}
