// Typed readers for untrusted JSON bodies. They only look at the body's own
// properties by name (never iterate its keys or copy it), so "__proto__",
// "constructor" and other hostile keys can neither pollute nor leak into output.

export type FieldKind = 'string' | 'int' | 'bool' | 'number';

/** Result of reading one field: the value, absent, or a message naming the field. */
export type FieldRead<T> = { ok: true; value: T | undefined } | { ok: false; error: string };

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Short description of a JSON value's type, for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function own(body: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
}

const EXPECTED: Record<FieldKind, string> = {
  string: 'a string',
  int: 'an integer',
  bool: 'a boolean',
  number: 'a number',
};

function matches(kind: FieldKind, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'int':
      return typeof v === 'number' && Number.isSafeInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
  }
}

/**
 * Reads `name` from `body` as `kind`. JSON null counts as absent, the way Go's
 * encoding/json leaves a field at its zero value for null.
 */
export function readField(body: Record<string, unknown>, name: string, kind: 'string'): FieldRead<string>;
export function readField(body: Record<string, unknown>, name: string, kind: 'int' | 'number'): FieldRead<number>;
export function readField(body: Record<string, unknown>, name: string, kind: 'bool'): FieldRead<boolean>;
export function readField(
  body: Record<string, unknown>,
  name: string,
  kind: FieldKind,
): FieldRead<string | number | boolean> {
  const v = own(body, name);
  if (v === undefined || v === null) return { ok: true, value: undefined };
  if (matches(kind, v)) return { ok: true, value: v as string | number | boolean };
  const got = typeof v === 'number' && kind === 'int' ? `number ${String(v)}` : describe(v);
  return { ok: false, error: `${name}: expected ${EXPECTED[kind]}, got ${got}` };
}

/** Error for a body that is not a JSON object. */
export function bodyShapeError(body: unknown): string | undefined {
  return isPlainObject(body) ? undefined : `body: expected a JSON object, got ${describe(body)}`;
}
