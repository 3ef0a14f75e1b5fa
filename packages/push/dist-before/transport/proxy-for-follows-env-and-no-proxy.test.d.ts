export {};
//# sourceMappingURL=proxy-for-follows-env-and-no-proxy.test.d.ts.map