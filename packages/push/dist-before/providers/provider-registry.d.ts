import type { HeraldConfig } from '../config/schema.js';
import type { PushProvider } from './provider.js';
export interface RegistryOptions {
    env?: NodeJS.ProcessEnv;
    /** Extra CA certificates (PEM) to trust besides the system's: what NODE_EXTRA_CA_CERTS does for a process. */
    extraCa?: string[];
}
export declare class ProviderRegistry {
    private readonly byType;
    static fromConfig(config: HeraldConfig, opts?: RegistryOptions): Promise<ProviderRegistry>;
    add(p: PushProvider): void;
    get(appType: string): PushProvider | undefined;
    types(): string[];
    all(): PushProvider[];
    reload(): Promise<void>;
    close(): Promise<void>;
}
//# sourceMappingURL=provider-registry.d.ts.map