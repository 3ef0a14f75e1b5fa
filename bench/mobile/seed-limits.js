// The seed's "Mobile Performance Benchmarks" (shared/seed/mobile-push.rst, "Confirming Performance
// of Mobile Applications"): per connection row, the response time each figure should stay under.
// The goal is 10x under the limits (on 4G/LTE: new channel < 400 ms, return < 100 ms,
// resume < 100 ms, wake+load < 500 ms, fresh start < 1.5 s).
export const FIGURES = [
  { key: 'newChannel', label: 'new channel' },
  { key: 'returnChannel', label: 'return to viewed channel' },
  { key: 'resume', label: 'resume from background' },
  { key: 'wake', label: 'wake after sleep + load' },
  { key: 'freshStart', label: 'fresh start' },
];

export const NETWORKS = [
  {
    name: '4G/LTE',
    device: 'iPhone 6s Plus',
    network: { latencyMs: 50, downMbps: 50, upMbps: 8 },
    limits: { newChannel: 4000, returnChannel: 1000, resume: 1000, wake: 5000, freshStart: 10000 },
    // The goal, stated for this row only: 10x under the limits, but fresh start < 1.5 s.
    goals: { newChannel: 400, returnChannel: 100, resume: 100, wake: 500, freshStart: 1500 },
  },
  {
    name: '5G',
    device: 'iPhone 5s',
    network: { latencyMs: 20, downMbps: 77, upMbps: 12 },
    limits: { newChannel: 3000, returnChannel: 1000, resume: 1000, wake: 3000, freshStart: 5000 },
  },
  {
    name: 'wifi',
    device: 'Samsung Galaxy S6',
    network: { latencyMs: 23, downMbps: 138, upMbps: 12 },
    limits: { newChannel: 3000, returnChannel: 1000, resume: 1000, wake: 5000, freshStart: 4000 },
  },
];

export const GOAL_FACTOR = 10;
