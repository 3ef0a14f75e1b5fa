// Recognises a unique-constraint violation from either engine, so a race on e.g. a username
// becomes a 400 like the checked case rather than a 500.
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: unknown } | null;
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
