package dev.secondlook.core.ingest;

import dev.secondlook.core.model.ObjectManifest;

/**
 * What one call of {@link IngestLogObject} did.
 *
 * @param outcome      PROCESSED (read and judged now), REPLAY (a finished manifest already existed), SKIPPED (not a
 *                     log object), BUSY (another worker holds the object: retry later)
 * @param manifest     the manifest (for REPLAY the earlier one), or null for BUSY
 * @param paged        records selected with page severity
 * @param reviewed     records selected with review severity
 * @param sampled      records selected by sampling
 * @param written      review records newly written (the rest already existed)
 * @param fieldsCapped selected records with an id or metadata field cut to its cap (see FieldCaps)
 */
public record IngestResult(Outcome outcome, ObjectManifest manifest, long paged, long reviewed, long sampled,
                           long written, long fieldsCapped) {

    public enum Outcome { PROCESSED, REPLAY, SKIPPED, BUSY }
}
