export {};
//# sourceMappingURL=send-push-delivers-to-apns.test.d.ts.map