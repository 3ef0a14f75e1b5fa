import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProviderKind } from '../providers/provider.js';
export declare class PushMetrics {
    readonly registry: Registry<"text/plain; version=0.0.4; charset=utf-8">;
    readonly notifications: Counter<"type" | "platform" | "transport">;
    readonly byAppVersion: Counter<"type" | "platform" | "app_version">;
    readonly success: Counter<"type" | "platform">;
    readonly successWithAck: Counter<"type" | "platform">;
    readonly delivered: Counter<"type" | "platform">;
    readonly failure: Counter<"type" | "platform">;
    readonly failureWithReason: Counter<"type" | "platform" | "reason">;
    readonly removal: Counter<"platform" | "reason">;
    readonly badRequest: Counter<string>;
    readonly apnsDuration: Histogram<string>;
    readonly fcmDuration: Histogram<string>;
    readonly requestDuration: Histogram<string>;
    readonly notificationDuration: Histogram<"platform">;
    readonly throttled: Counter<string>;
    readonly certExpiry: Gauge<"type">;
    constructor(opts?: {
        processMetrics?: boolean;
    });
    observeSend(kind: ProviderKind, platform: string, seconds: number): void;
    text(): Promise<string>;
    get contentType(): string;
}
//# sourceMappingURL=metrics.d.ts.map