export declare function redactToken(token: string | undefined, keep?: number): string;
//# sourceMappingURL=redact.d.ts.map