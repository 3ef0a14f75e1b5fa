export {};
//# sourceMappingURL=send-push-survives-connection-drops.test.d.ts.map