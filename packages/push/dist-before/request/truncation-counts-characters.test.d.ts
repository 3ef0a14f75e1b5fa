export {};
//# sourceMappingURL=truncation-counts-characters.test.d.ts.map