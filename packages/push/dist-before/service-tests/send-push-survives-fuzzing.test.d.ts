export {};
//# sourceMappingURL=send-push-survives-fuzzing.test.d.ts.map