export {};
//# sourceMappingURL=provider-token-shared-by-concurrent-sends.test.d.ts.map