/**
 * Re-running the private eval set against a candidate model or system prompt: each case's prompt goes to the
 * candidate ({@link dev.secondlook.core.evalrun.CandidateModel}), the new output is judged by the current policy
 * ({@link dev.secondlook.core.evalrun.JudgeCandidateOutput}), the run is compared case by case with a baseline run
 * ({@link dev.secondlook.core.evalrun.BaselineComparison}, with an exact McNemar test) and kept
 * ({@link dev.secondlook.core.evalrun.EvalRunStore}). Contracts: {@code contracts/eval-run.v1.schema.json} and
 * {@code contracts/eval-run-result.v1.schema.json}.
 */
package dev.secondlook.core.evalrun;
