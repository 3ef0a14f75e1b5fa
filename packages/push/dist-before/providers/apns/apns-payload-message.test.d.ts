export {};
//# sourceMappingURL=apns-payload-message.test.d.ts.map