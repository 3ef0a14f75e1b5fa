import type { HeraldConfig } from './schema.js';
export interface CheckResult {
    errors: string[];
    warnings: string[];
}
/** Mutates `config` only to apply the anchor's timeout defaults. */
export declare function checkConfig(config: HeraldConfig): CheckResult;
//# sourceMappingURL=check-config.d.ts.map