export {};
//# sourceMappingURL=connect-tunnel-outlives-connect-timeout.test.d.ts.map