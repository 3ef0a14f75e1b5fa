export {};
//# sourceMappingURL=platform-version-suffix.test.d.ts.map