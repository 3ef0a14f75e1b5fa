// `herald bench`: runs the benchmarks in bench/<name>/index.js, each in its own process.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { intOption, parse, UsageError, type Command } from '../args.js';

const BENCH_DIR = new URL('../../../../bench/', import.meta.url).pathname;

export function listBenchmarks(): string[] {
  if (!existsSync(BENCH_DIR)) return [];
  return readdirSync(BENCH_DIR)
    .filter((n) => existsSync(join(BENCH_DIR, n, 'index.js')))
    .sort();
}

const usage = () => `Usage: herald bench [NAME…] [--quick] [--soak-seconds N]

Runs benchmarks (all when no NAME is given) and prints each figure with its ratio against a
baseline measured in the same run. Benchmarks: ${listBenchmarks().join(', ') || '(none)'}

Options:
  --quick             fewer requests / shorter soak, for a smoke run
  --soak-seconds N    length of a memory soak (bench/push: default 300, 20 with --quick)
  -h, --help          this help`;

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run the benchmarks in bench/ and print figures with ratios to a baseline',
  get usage() {
    return usage();
  },
  async run(argv) {
    const { values, positionals } = parse(argv, { quick: { type: 'boolean' }, 'soak-seconds': { type: 'string' } }, usage());
    if (values.help) {
      console.log(usage());
      return 0;
    }
    const all = listBenchmarks();
    const soakSeconds = intOption(values['soak-seconds'] as string | undefined, 'soak-seconds', 5, 86_400);
    const passed = [...(values.quick ? ['--quick'] : []), ...(soakSeconds !== undefined ? ['--soak-seconds', String(soakSeconds)] : [])];
    const names = positionals.length ? positionals : all;
    for (const n of names) if (!all.includes(n)) throw new UsageError(`unknown benchmark "${n}" (have: ${all.join(', ')})`);
    let failed = 0;
    for (const n of names) {
      console.log(`\n== bench/${n}`);
      const code = await new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [join(BENCH_DIR, n, 'index.js'), ...passed], { stdio: 'inherit' });
        child.on('exit', (c) => resolve(c ?? 1));
      });
      if (code !== 0) failed++;
    }
    return failed ? 1 : 0;
  },
};
