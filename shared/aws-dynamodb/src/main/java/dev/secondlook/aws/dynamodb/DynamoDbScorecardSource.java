package dev.secondlook.aws.dynamodb;

import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.scorecard.ScoredRecord;
import dev.secondlook.core.scorecard.ScorecardSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scorecard's reads of the ReviewTable: a scan for the finished manifests of the window (by {@code finishedAt},
 * which is never before the hour of its cells), and a scan for the review records judged in it, projected to their
 * labels and verdict outcome so that no prompt, output or note is ever read. A scan reads the whole table: its
 * cost grows with the table, which TTL keeps to the reviews of the retention period.
 */
public final class DynamoDbScorecardSource implements ScorecardSource {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbScorecardSource(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<ObjectManifest> manifests(Instant since, Instant until) {
        ScanRequest scan = ScanRequest.builder().tableName(table)
                .filterExpression("#kind = :manifest AND #finished >= :since AND #status <> :inProgress")
                .expressionAttributeNames(Map.of("#kind", ReviewTableSchema.KIND, "#finished",
                        ReviewTableSchema.FINISHED_AT, "#status", ReviewTableSchema.OBJECT_STATUS))
                .expressionAttributeValues(Map.of(":manifest", AttributeValue.fromS(ReviewTableSchema.KIND_MANIFEST),
                        ":since", AttributeValue.fromS(Timestamps.format(since)),
                        ":inProgress", AttributeValue.fromS("IN_PROGRESS")))
                .build();
        List<ObjectManifest> out = new ArrayList<>();
        try {
            for (Map<String, AttributeValue> item : dynamo.scanPaginator(scan).items()) {
                if (ReviewTableSchema.isFinishedManifest(item)) {
                    out.add(ReviewTableSchema.manifest(item));
                }
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot scan the manifests of " + table, e);
        }
        return out;
    }

    @Override
    public List<ScoredRecord> records(Instant since, Instant until) {
        Map<String, String> names = new HashMap<>();
        List<String> projection = new ArrayList<>();
        int i = 0;
        for (String path : ReviewTableSchema.SCORED_PROJECTION) {
            StringBuilder expr = new StringBuilder();
            for (String part : path.split("\\.")) {
                String alias = "#p" + i++;
                names.put(alias, part);
                expr.append(expr.isEmpty() ? "" : ".").append(alias);
            }
            projection.add(expr.toString());
        }
        names.put("#kind", ReviewTableSchema.KIND);
        names.put("#created", ReviewTableSchema.CREATED_AT);
        ScanRequest scan = ScanRequest.builder().tableName(table)
                .filterExpression("#kind = :review AND #created >= :since AND #created < :until")
                .projectionExpression(String.join(", ", projection))
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(":review", AttributeValue.fromS(ReviewTableSchema.KIND_REVIEW),
                        ":since", AttributeValue.fromS(Timestamps.format(since)),
                        ":until", AttributeValue.fromS(Timestamps.format(until))))
                .build();
        List<ScoredRecord> out = new ArrayList<>();
        try {
            for (Map<String, AttributeValue> item : dynamo.scanPaginator(scan).items()) {
                out.add(ReviewTableSchema.scored(item));
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot scan the review records of " + table, e);
        }
        return out;
    }
}
