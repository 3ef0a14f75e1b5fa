export type FieldKind = 'string' | 'int' | 'bool' | 'number';
/** Result of reading one field: the value, absent, or a message naming the field. */
export type FieldRead<T> = {
    ok: true;
    value: T | undefined;
} | {
    ok: false;
    error: string;
};
export declare function isPlainObject(v: unknown): v is Record<string, unknown>;
/** Short description of a JSON value's type, for error messages. */
export declare function describe(v: unknown): string;
/**
 * Reads `name` from `body` as `kind`. JSON null counts as absent, the way Go's
 * encoding/json leaves a field at its zero value for null.
 */
export declare function readField(body: Record<string, unknown>, name: string, kind: 'string'): FieldRead<string>;
export declare function readField(body: Record<string, unknown>, name: string, kind: 'int' | 'number'): FieldRead<number>;
export declare function readField(body: Record<string, unknown>, name: string, kind: 'bool'): FieldRead<boolean>;
/** Error for a body that is not a JSON object. */
export declare function bodyShapeError(body: unknown): string | undefined;
//# sourceMappingURL=fields.d.ts.map