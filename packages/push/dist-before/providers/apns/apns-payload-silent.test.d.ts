export {};
//# sourceMappingURL=apns-payload-silent.test.d.ts.map