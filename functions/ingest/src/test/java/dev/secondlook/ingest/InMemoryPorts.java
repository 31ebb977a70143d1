package dev.secondlook.ingest;

import dev.secondlook.core.failure.ObjectGoneException;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.ingest.LogObjectSource;
import dev.secondlook.core.ingest.ObjectManifestStore;
import dev.secondlook.core.ingest.QuarantineSink;
import dev.secondlook.core.ingest.QuarantinedRecord;
import dev.secondlook.core.ingest.ReviewStore;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.ReviewRecord;

import java.io.ByteArrayInputStream;
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

/** In-memory implementations of IngestFunction's ports, for handler tests without an emulator. */
final class InMemoryPorts {

    /** Object bytes by {@code bucket/key} (the decoded key, as S3 stores it). */
    final Map<String, byte[]> objects = new HashMap<>();
    final Map<String, ReviewRecord> reviews = new LinkedHashMap<>();
    /** Finished manifests by {@code s3://bucket/key}. */
    final Map<String, ObjectManifest> manifests = new LinkedHashMap<>();
    final Map<String, List<QuarantinedRecord>> quarantine = new HashMap<>();
    private final Map<String, Instant> leases = new HashMap<>();
    /** When set, the review store answers as an unavailable table does. */
    boolean reviewStoreDown;

    final LogObjectSource source = object -> {
        byte[] b = objects.get(object.bucket() + "/" + object.key());
        if (b == null) {
            throw new ObjectGoneException("no object " + object.uri(), null);
        }
        return new ByteArrayInputStream(b);
    };

    final ReviewStore reviewStore = new ReviewStore() {
        @Override
        public Set<String> existingIds(Collection<String> ids) {
            failIfDown();
            Set<String> s = new HashSet<>(ids);
            s.retainAll(reviews.keySet());
            return s;
        }

        @Override
        public void putAll(List<ReviewRecord> records) {
            failIfDown();
            records.forEach(r -> reviews.put(r.id(), r));
        }

        private void failIfDown() {
            if (reviewStoreDown) {
                throw new StoreUnavailableException("review store down (injected)", null);
            }
        }
    };

    final ObjectManifestStore manifestStore = new ObjectManifestStore() {
        @Override
        public Start begin(ObjectRef object, Instant now, Duration lease) {
            if (manifests.containsKey(object.uri())) {
                return Start.ALREADY_DONE;
            }
            Instant held = leases.get(object.uri());
            if (held != null && held.isAfter(now)) {
                return Start.BUSY;
            }
            leases.put(object.uri(), now.plus(lease));
            return Start.STARTED;
        }

        @Override
        public void complete(ObjectManifest manifest) {
            manifests.put(manifest.object().uri(), manifest);
            leases.remove(manifest.object().uri());
        }

        @Override
        public void abandon(ObjectRef object) {
            leases.remove(object.uri());
        }

        @Override
        public Optional<ObjectManifest> find(ObjectRef object) {
            return Optional.ofNullable(manifests.get(object.uri()));
        }
    };

    final QuarantineSink quarantineSink = (object, records) -> {
        quarantine.put(object.uri(), List.copyOf(records));
        return "mem://quarantine/" + object.bucket() + "/" + object.key();
    };
}
