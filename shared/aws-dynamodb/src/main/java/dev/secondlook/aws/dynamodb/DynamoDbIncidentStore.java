package dev.secondlook.aws.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.incident.Incident;
import dev.secondlook.core.incident.IncidentChangedException;
import dev.secondlook.core.incident.IncidentState;
import dev.secondlook.core.incident.IncidentStore;
import dev.secondlook.core.model.Timestamps;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IncidentTable: one item per incident, the incident itself as JSON in {@code doc} (the contract
 * {@code incident.v1}) beside the attributes its indexes and conditions need: {@code state} and {@code openedAt}
 * (index {@code state-openedAt}: listings), {@code ackPending} and {@code ackDueAt} (sparse index {@code ack-due}:
 * set only while the incident waits for a lead, so the repage sweep reads just those), and {@code version}, the
 * optimistic lock every change is conditioned on. Incidents never expire: they are the audit record.
 */
public final class DynamoDbIncidentStore implements IncidentStore {

    public static final String STATE_INDEX = "state-openedAt";
    public static final String ACK_INDEX = "ack-due";
    static final String ID = "id";
    static final String DOC = "doc";
    static final String VERSION = "version";
    static final String STATE = "state";
    static final String OPENED_AT = "openedAt";
    static final String OPENED_BY = "openedBy";
    static final String ACK_PENDING = "ackPending";
    static final String ACK_DUE_AT = "ackDueAt";
    static final String ACK_PENDING_VALUE = "open";

    private final DynamoDbClient dynamo;
    private final String table;
    private final ObjectMapper mapper;

    public DynamoDbIncidentStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Override
    public boolean create(Incident incident) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item(incident))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", ID)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot create incident " + incident.incidentId(), e);
        }
    }

    @Override
    public Optional<Incident> get(String incidentId) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(ID, AttributeValue.fromS(incidentId)))).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(incident(item));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read incident " + incidentId, e);
        }
    }

    @Override
    public void replace(Incident updated, long expectedVersion) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item(updated))
                    .conditionExpression("#v = :expected")
                    .expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(expectedVersion)))));
        } catch (ConditionalCheckFailedException e) {
            throw new IncidentChangedException(updated.incidentId());
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot update incident " + updated.incidentId(), e);
        }
    }

    @Override
    public List<Incident> list(IncidentState state, String openedBy, int limit) {
        List<IncidentState> states = state == null ? List.of(IncidentState.values()) : List.of(state);
        List<Incident> out = new ArrayList<>();
        try {
            for (IncidentState s : states) {
                Map<String, String> names = new HashMap<>(Map.of("#s", STATE));
                Map<String, AttributeValue> values = new HashMap<>(Map.of(":s", AttributeValue.fromS(s.wireName())));
                QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(STATE_INDEX)
                        .keyConditionExpression("#s = :s").scanIndexForward(false);
                if (openedBy != null) {
                    q.filterExpression("#by = :by");
                    names.put("#by", OPENED_BY);
                    values.put(":by", AttributeValue.fromS(openedBy));
                }
                int taken = 0;
                for (Map<String, AttributeValue> item : dynamo.queryPaginator(q.expressionAttributeNames(names)
                        .expressionAttributeValues(values).build()).items()) {
                    out.add(incident(item));
                    if (++taken >= limit) {
                        break;
                    }
                }
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot list incidents on " + table, e);
        }
        out.sort(Comparator.comparing((Incident i) -> i.times().openedAt()).reversed()
                .thenComparing(Incident::incidentId));
        return out.size() <= limit ? out : List.copyOf(out.subList(0, limit));
    }

    @Override
    public List<Incident> unacknowledgedDueBefore(Instant now, int limit) {
        List<Incident> out = new ArrayList<>();
        try {
            QueryRequest q = QueryRequest.builder().tableName(table).indexName(ACK_INDEX)
                    .keyConditionExpression("#p = :open AND #due < :now")
                    .expressionAttributeNames(Map.of("#p", ACK_PENDING, "#due", ACK_DUE_AT))
                    .expressionAttributeValues(Map.of(":open", AttributeValue.fromS(ACK_PENDING_VALUE),
                            ":now", AttributeValue.fromS(Timestamps.format(now))))
                    .build();
            for (Map<String, AttributeValue> item : dynamo.queryPaginator(q).items()) {
                out.add(incident(item));
                if (out.size() >= limit) {
                    break;
                }
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot query unacknowledged incidents on " + table, e);
        }
        return out;
    }

    Map<String, AttributeValue> item(Incident i) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(ID, AttributeValue.fromS(i.incidentId()));
        m.put(DOC, AttributeValue.fromS(json(i)));
        m.put(VERSION, AttributeValue.fromN(Long.toString(i.version())));
        m.put(STATE, AttributeValue.fromS(i.state().wireName()));
        m.put(OPENED_AT, AttributeValue.fromS(i.times().openedAt()));
        m.put(OPENED_BY, AttributeValue.fromS(i.openedBy()));
        m.put(ACK_DUE_AT, AttributeValue.fromS(i.ackDueAt()));
        // only an open incident still waiting for its one repage sits in the sparse index
        if (i.state() == IncidentState.OPEN && i.ackRepagedAt() == null) {
            m.put(ACK_PENDING, AttributeValue.fromS(ACK_PENDING_VALUE));
        }
        return m;
    }

    private Incident incident(Map<String, AttributeValue> item) {
        try {
            return mapper.readValue(item.get(DOC).s(), Incident.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("incident " + item.get(ID).s() + " is not a readable incident.v1", e);
        }
    }

    private String json(Incident i) {
        try {
            return mapper.writeValueAsString(i);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("incident is not serialisable", e);
        }
    }
}
