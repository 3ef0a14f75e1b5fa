// Starts a helper process and waits for a line announcing it is ready; benchmarks keep the load
// generator and the server in separate processes so they do not share one core's event loop.
import { spawn } from 'node:child_process';

export function startProcess(args, readyPattern, env = {}) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  let out = '';
  let isReady = false;
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (b) => {
      // Once ready, the output is drained but not kept (a chatty server must not grow it).
      if (isReady) return;
      out += b.toString();
      const m = readyPattern.exec(out);
      if (m) {
        isReady = true;
        out = '';
        resolve(m);
      }
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before ready:\n${out}`)));
  });
  return {
    child,
    ready,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}
