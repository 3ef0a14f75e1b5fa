export {};
//# sourceMappingURL=webpush-result-mapping.test.d.ts.map