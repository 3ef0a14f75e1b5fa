export {};
//# sourceMappingURL=push-request-validation.test.d.ts.map