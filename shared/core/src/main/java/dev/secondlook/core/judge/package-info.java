/**
 * Reading, normalising and judging the records of a log, within a budget per record: the one path that ingest
 * and {@code ./secondlook rules check} share. Depends on read, normalize and policy; never on a port.
 */
package dev.secondlook.core.judge;
