export {};
//# sourceMappingURL=relative-paths-resolve-against-config-dir.test.d.ts.map