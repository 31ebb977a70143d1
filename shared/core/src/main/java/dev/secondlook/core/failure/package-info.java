/**
 * Failures every port may throw, whatever its use case: a store that could not complete after its retries
 * ({@link dev.secondlook.core.failure.StoreUnavailableException}, transient: redeliver) and an input object that
 * disappeared ({@link dev.secondlook.core.failure.ObjectGoneException}, permanent: record and move on). Adapters
 * translate SDK errors into these, lost answers included.
 */
package dev.secondlook.core.failure;
