export {};
//# sourceMappingURL=unknown-key-warns.test.d.ts.map