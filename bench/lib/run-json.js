// Runs a helper script in its own node process and resolves with the JSON it prints on its last
// line: benchmarks keep load generators and measured work out of the orchestrating process.
import { spawn } from 'node:child_process';
import { basename } from 'node:path';

export function runJson(script, args = [], env = {}) {
  const name = basename(script);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${name} exited ${code}:\n${out}`));
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`${name} printed no result:\n${out}`));
      }
    });
  });
}
