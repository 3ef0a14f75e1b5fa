import type { HeraldConfig } from './schema.js';
/** Config keys whose values are secret (or key material printed only in part). */
export declare const SECRET_KEYS: ReadonlySet<string>;
/**
 * "abcd…" for a secret, token or key: at most 4 characters and at most a quarter
 * of the value, so short secrets reveal almost nothing. "" stays "" (unset).
 */
export declare function redactSecret(value: string): string;
/** A printable deep copy of `config` with every secret redacted. */
export declare function redactConfig(config: HeraldConfig): HeraldConfig;
//# sourceMappingURL=redact.d.ts.map