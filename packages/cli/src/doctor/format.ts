// The doctor's output: one progress line per result (✔ ok, ! warn, ✖ fail, – info/skip) with the
// fix hint under it, a summary naming the failing hops; or one JSON document (--json).
import type { DoctorReport } from './run-doctor.js';
import type { CheckResult, Status } from './types.js';

const MARK: Record<Status, string> = { ok: '✔', warn: '!', fail: '✖', info: '–', skip: '–' };

export function formatResult(r: CheckResult): string {
  const line = `${MARK[r.status]} ${r.message}`;
  return r.hint ? `${line}\n    ${r.status === 'fail' || r.status === 'warn' ? 'fix' : 'note'} (${r.hop}): ${r.hint}` : line;
}

export function formatSummary(rep: DoctorReport): string {
  const warns = rep.results.filter((r) => r.status === 'warn').length;
  if (rep.ok) return `\nAll hops passed${warns ? ` (${warns} warning${warns > 1 ? 's' : ''})` : ''}.`;
  return `\nFailed hop${rep.failed.length > 1 ? 's' : ''}: ${rep.failed.join(', ')} (the first is where the push path breaks).`;
}

export function formatJson(rep: DoctorReport): string {
  return JSON.stringify(rep, null, 2);
}
