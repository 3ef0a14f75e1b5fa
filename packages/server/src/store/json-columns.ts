// JSON-in-text columns: parse defensively (a bad row must not crash a request) and stringify.

export function parseObject<T extends Record<string, unknown>>(text: string): T {
  try {
    const v: unknown = JSON.parse(text);
    return (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {}) as T;
  } catch {
    return {} as T;
  }
}

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? {});
}

/** Aggregates come back as strings from PostgreSQL (numeric) and numbers from SQLite. */
export function num(v: unknown): number {
  const n = Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
}
