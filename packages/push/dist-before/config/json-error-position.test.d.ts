export {};
//# sourceMappingURL=json-error-position.test.d.ts.map