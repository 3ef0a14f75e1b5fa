export {};
//# sourceMappingURL=send-push-rejects-bad-input.test.d.ts.map