export {};
//# sourceMappingURL=bad-value-names-key-path.test.d.ts.map