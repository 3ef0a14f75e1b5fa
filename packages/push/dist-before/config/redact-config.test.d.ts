export {};
//# sourceMappingURL=redact-config.test.d.ts.map