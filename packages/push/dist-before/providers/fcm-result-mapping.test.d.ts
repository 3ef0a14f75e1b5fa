export {};
//# sourceMappingURL=fcm-result-mapping.test.d.ts.map