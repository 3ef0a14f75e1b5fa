export {};
//# sourceMappingURL=fcm-payload.test.d.ts.map