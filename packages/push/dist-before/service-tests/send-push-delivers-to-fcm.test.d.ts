export {};
//# sourceMappingURL=send-push-delivers-to-fcm.test.d.ts.map