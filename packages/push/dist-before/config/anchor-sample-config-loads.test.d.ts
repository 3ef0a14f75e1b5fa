export {};
//# sourceMappingURL=anchor-sample-config-loads.test.d.ts.map