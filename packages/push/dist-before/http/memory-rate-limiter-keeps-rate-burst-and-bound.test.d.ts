export {};
//# sourceMappingURL=memory-rate-limiter-keeps-rate-burst-and-bound.test.d.ts.map