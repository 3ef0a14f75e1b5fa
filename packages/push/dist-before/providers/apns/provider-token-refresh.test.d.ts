export {};
//# sourceMappingURL=provider-token-refresh.test.d.ts.map