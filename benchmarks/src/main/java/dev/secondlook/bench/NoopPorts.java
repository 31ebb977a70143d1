package dev.secondlook.bench;

import dev.secondlook.core.ingest.LogObjectSource;
import dev.secondlook.core.ingest.ObjectManifestStore;
import dev.secondlook.core.ingest.QuarantineSink;
import dev.secondlook.core.ingest.ReviewStore;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.ReviewRecord;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Ports that do no I/O, so that a benchmark measures the ingest core alone. */
final class NoopPorts {

    long written;

    LogObjectSource source(Supplier<InputStream> in) {
        return object -> in.get();
    }

    final ReviewStore reviews = new ReviewStore() {
        @Override
        public Set<String> existingIds(Collection<String> ids) {
            return Set.of();
        }

        @Override
        public void putAll(List<ReviewRecord> records) {
            written += records.size();
        }
    };

    final ObjectManifestStore manifests = new ObjectManifestStore() {
        @Override
        public Start begin(ObjectRef object, Instant now, Duration lease) {
            return Start.STARTED;
        }

        @Override
        public void complete(ObjectManifest manifest) {
        }

        @Override
        public void abandon(ObjectRef object) {
        }

        @Override
        public Optional<ObjectManifest> find(ObjectRef object) {
            return Optional.empty();
        }
    };

    final QuarantineSink quarantine = (object, records) -> "noop://quarantine";
}
