export {};
//# sourceMappingURL=ack-request.test.d.ts.map