export {};
//# sourceMappingURL=apns-result-mapping.test.d.ts.map