export {};
//# sourceMappingURL=proxy-tunnels-all-providers.test.d.ts.map