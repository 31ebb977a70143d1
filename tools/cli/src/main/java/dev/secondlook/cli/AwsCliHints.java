package dev.secondlook.cli;

import dev.secondlook.local.LocalRuntime;

import java.io.PrintStream;

/**
 * How to point the AWS CLI at the local stack. Every hint names {@code --endpoint-url}: AWS CLI v2 before 2.13
 * (Debian's 2.9, for one) ignores {@code AWS_ENDPOINT_URL}, and a hint relying on it would talk to real AWS. The
 * commands use the project's pinned CLI, which {@code scripts/bootstrap.sh --with-awscli} installs.
 */
final class AwsCliHints {

    static final String CLI = ".venv-awscli/bin/aws";

    private AwsCliHints() {
    }

    static void print(PrintStream out, LocalRuntime rt) {
        String endpoint = rt.emulator().endpoint().toString();
        out.println("Point the AWS CLI at it (the project's pinned CLI: scripts/bootstrap.sh --with-awscli):");
        out.println("  export AWS_REGION=" + rt.emulator().region()
                + " AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing");
        out.println("  " + CLI + " --endpoint-url " + endpoint + " dynamodb scan --table-name "
                + rt.resources().reviewTable());
        out.println("  " + CLI + " --endpoint-url " + endpoint + " s3 cp my-log.jsonl s3://" + rt.resources().logBucket()
                + "/AWSLogs/my-log.jsonl");
        out.println("  # look at a review queue without hiding its messages from reviewers:");
        out.println("  " + CLI + " --endpoint-url " + endpoint + " sqs get-queue-attributes --queue-url "
                + rt.resources().priorityQueueUrl() + " --attribute-names ApproximateNumberOfMessages");
    }
}
