export {};
//# sourceMappingURL=apns-payload-id-loaded.test.d.ts.map