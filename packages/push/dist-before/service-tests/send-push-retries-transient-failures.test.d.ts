export {};
//# sourceMappingURL=send-push-retries-transient-failures.test.d.ts.map