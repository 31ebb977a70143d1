package dev.secondlook.aws.local;

/**
 * Names of the resources of one stack on an emulator.
 *
 * @param logBucket        where log objects land
 * @param evalBucket       eval cases, exports, quarantine
 * @param reviewTable      the ReviewTable
 * @param ingestQueueUrl   queue the log bucket notifies
 * @param ingestDlqUrl     its dead-letter queue
 * @param priorityQueueUrl priority review queue (with a DLQ)
 * @param routineQueueUrl  routine review queue (with a DLQ)
 * @param routeFailureQueueUrl where stream batches that could not be routed go
 * @param escalationTopicArn the escalation topic
 */
public record LocalResources(String logBucket, String evalBucket, String reviewTable, String ingestQueueUrl,
                             String ingestDlqUrl, String priorityQueueUrl, String routineQueueUrl,
                             String routeFailureQueueUrl, String escalationTopicArn) {
}
