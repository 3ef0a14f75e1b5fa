export {};
//# sourceMappingURL=throttle-limits-per-client.test.d.ts.map