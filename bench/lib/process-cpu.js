// CPU time from /proc (Linux), for "CPU per request of each process" figures: one process, a
// process with its children (nginx: master + workers), the children this process has reaped (a
// load generator that ran and exited), and the whole machine (to see what other work used).
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const TICK = 100; // USER_HZ: /proc reports clock ticks of 1/100 s on Linux

/** Fields of /proc/PID/stat after the command name: [0] state, [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime. */
function statFields(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid) {
  const f = statFields(pid);
  return (Number(f[11]) + Number(f[12])) / TICK;
}

/** Pids whose parent is `pid`. */
export function childrenOf(pid) {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (Number(statFields(name)[1]) === pid) out.push(Number(name));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/** CPU seconds of a process, its live children, and its children that exited (cutime/cstime). */
export function treeCpuSeconds(pid) {
  const f = statFields(pid);
  let s = (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICK;
  for (const c of childrenOf(pid)) {
    try {
      s += cpuSeconds(c);
    } catch {
      /* exited meanwhile: now in the parent's cutime */
    }
  }
  return s;
}

/** CPU seconds of this process's children that have exited and been reaped. */
export function reapedChildrenCpuSeconds() {
  const f = statFields('self');
  return (Number(f[13]) + Number(f[14])) / TICK;
}

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat. */
export function machineBusySeconds() {
  const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return (total - f[3] - (f[4] ?? 0)) / TICK;
}

/**
 * Runs `fn` (a load returning { ok, seconds }) and adds, for each meter (a pid, or a function
 * returning CPU seconds): cpuUs, µs of CPU per OK request; and cpuCores, the share of one core it
 * used over the run. Also `machine`: busy cores of the whole machine and those our meters do not
 * explain (other work on a shared machine).
 */
export async function withCpu(meters, fn) {
  const read = (m) => (typeof m === 'function' ? m() : cpuSeconds(m));
  const entries = Object.entries(meters);
  const c0 = entries.map(([, m]) => read(m));
  const m0 = machineBusySeconds();
  const t0 = performance.now();
  const r = await fn();
  const wall = (performance.now() - t0) / 1000;
  const used = entries.map(([, m], i) => read(m) - c0[i]);
  const busy = machineBusySeconds() - m0;
  const ours = used.reduce((a, b) => a + b, 0);
  r.cpuUs = Object.fromEntries(entries.map(([k], i) => [k, (used[i] * 1e6) / Math.max(1, r.ok)]));
  r.cpuCores = Object.fromEntries(entries.map(([k], i) => [k, used[i] / wall]));
  r.machine = { cores: availableParallelism(), busyCores: busy / wall, otherCores: Math.max(0, busy - ours) / wall };
  return r;
}
