export declare function isRecord(v: unknown): v is Record<string, unknown>;
/** `a.b[0].c` style path used in every config message. */
export declare function joinPath(prefix: string, key: string | number): string;
/**
 * Returns a copy of `raw` with canonical keys only. Non-object input is returned
 * unchanged for the schema to reject with a proper message.
 */
export declare function normalizeKeys(raw: unknown, warnings: string[]): unknown;
//# sourceMappingURL=normalize-keys.d.ts.map