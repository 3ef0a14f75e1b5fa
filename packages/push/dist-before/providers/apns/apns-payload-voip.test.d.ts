export {};
//# sourceMappingURL=apns-payload-voip.test.d.ts.map