export {};
//# sourceMappingURL=redis-throttle-shared-by-instances.test.d.ts.map