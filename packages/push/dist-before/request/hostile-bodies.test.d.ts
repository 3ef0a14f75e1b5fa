export {};
//# sourceMappingURL=hostile-bodies.test.d.ts.map