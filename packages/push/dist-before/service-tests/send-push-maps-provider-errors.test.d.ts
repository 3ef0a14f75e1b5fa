export {};
//# sourceMappingURL=send-push-maps-provider-errors.test.d.ts.map