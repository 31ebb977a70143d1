package dev.secondlook.core.ingest;

import dev.secondlook.core.judge.JudgeBudget;

import java.time.Duration;

/**
 * Tunables of the ingest use case.
 *
 * @param maxRecordBytes       longest record accepted (longer ones are quarantined)
 * @param maxDecompressedBytes cap on one object's uncompressed size
 * @param prioritySla          time to review for the priority lane
 * @param routineSla           time to review for the routine lane
 * @param textBudgetBytes      UTF-8 budget of prompt + output + system prompt on one review record
 * @param writeBatch           review records per existence check and write round
 * @param lease                how long one worker holds an object before another may take over
 * @param maxQuarantined       rejected records kept with their preview per object (all are counted)
 * @param judgeBudget          what judging one record may cost (over it, the record is quarantined as
 *                             {@code judge-failed})
 * @param judgeThreads         threads that parse and judge an object's records (1: the calling thread alone);
 *                             the outcomes are handled in the log's order whatever the number
 */
public record IngestSettings(int maxRecordBytes, long maxDecompressedBytes, Duration prioritySla,
                             Duration routineSla, int textBudgetBytes, int writeBatch, Duration lease,
                             int maxQuarantined, JudgeBudget judgeBudget, int judgeThreads) {

    public IngestSettings {
        if (judgeThreads < 1) {
            throw new IllegalArgumentException("judgeThreads must be at least 1");
        }
    }

    public static IngestSettings defaults() {
        return new IngestSettings(8 * 1024 * 1024, 8L * 1024 * 1024 * 1024, Duration.ofHours(4),
                Duration.ofDays(3), 300 * 1024, 100, Duration.ofMinutes(16), 1000, JudgeBudget.defaults(), 1);
    }

    /** These settings with a deployment's record size limit and lane SLAs. */
    public IngestSettings with(int maxRecordBytes, Duration priority, Duration routine) {
        return new IngestSettings(maxRecordBytes, maxDecompressedBytes, priority, routine, textBudgetBytes,
                writeBatch, lease, maxQuarantined, judgeBudget, judgeThreads);
    }

    /** These settings judging on {@code threads} threads. */
    public IngestSettings withJudgeThreads(int threads) {
        return new IngestSettings(maxRecordBytes, maxDecompressedBytes, prioritySla, routineSla, textBudgetBytes,
                writeBatch, lease, maxQuarantined, judgeBudget, threads);
    }
}
