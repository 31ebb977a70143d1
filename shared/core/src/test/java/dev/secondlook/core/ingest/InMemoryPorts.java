package dev.secondlook.core.ingest;

import dev.secondlook.core.failure.ObjectGoneException;

import dev.secondlook.core.failure.StoreUnavailableException;

import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.ReviewRecord;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** In-memory implementations of the ingest ports, for unit tests of the use case. */
final class InMemoryPorts {

    final Map<String, byte[]> objects = new HashMap<>();
    final Map<String, ReviewRecord> reviews = new LinkedHashMap<>();
    final Map<String, ObjectManifest> manifests = new HashMap<>();
    final Map<String, Instant> leases = new HashMap<>();
    final Map<String, List<QuarantinedRecord>> quarantine = new HashMap<>();
    int putCalls;
    /** How many of the next putAll calls fail as an unavailable store would. */
    int failPuts;
    /** When set, the next putAll call throws it (an Error a port or the JVM may raise). */
    Error failPutWith;

    final LogObjectSource source = new LogObjectSource() {
        @Override
        public InputStream open(ObjectRef object) throws IOException {
            byte[] b = objects.get(object.key());
            if (b == null) {
                throw new ObjectGoneException("gone: " + object.key(), null);
            }
            return new ByteArrayInputStream(b);
        }
    };

    final ReviewStore reviewStore = new ReviewStore() {
        @Override
        public Set<String> existingIds(Collection<String> ids) {
            Set<String> s = new HashSet<>(ids);
            s.retainAll(reviews.keySet());
            return s;
        }

        @Override
        public void putAll(List<ReviewRecord> records) {
            putCalls++;
            if (failPutWith != null) {
                Error e = failPutWith;
                failPutWith = null;
                throw e;
            }
            if (failPuts > 0) {
                failPuts--;
                throw new StoreUnavailableException("injected", null);
            }
            for (ReviewRecord r : records) {
                reviews.put(r.id(), r);
            }
        }
    };

    final ObjectManifestStore manifestStore = new ObjectManifestStore() {
        @Override
        public Start begin(ObjectRef object, Instant now, Duration lease) {
            String k = key(object);
            if (manifests.containsKey(k)) {
                return Start.ALREADY_DONE;
            }
            Instant held = leases.get(k);
            if (held != null && held.isAfter(now)) {
                return Start.BUSY;
            }
            leases.put(k, now.plus(lease));
            return Start.STARTED;
        }

        @Override
        public void complete(ObjectManifest manifest) {
            String k = key(manifest.object());
            manifests.put(k, manifest);
            leases.remove(k);
        }

        @Override
        public void abandon(ObjectRef object) {
            leases.remove(key(object));
        }

        @Override
        public Optional<ObjectManifest> find(ObjectRef object) {
            return Optional.ofNullable(manifests.get(key(object)));
        }
    };

    final QuarantineSink quarantineSink = (object, records) -> {
        quarantine.put(key(object), List.copyOf(records));
        return "mem://" + key(object);
    };

    static String key(ObjectRef o) {
        return o.bucket() + "/" + o.key() + "#" + o.contentTag();
    }
}
