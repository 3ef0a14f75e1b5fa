export {};
//# sourceMappingURL=send-push-delivers-to-webpush.test.d.ts.map