// The seam between the HTTP layer and each push platform. One provider instance
// serves one settings entry (one app Type); the router picks it by push.appType.
// Providers never throw for a delivery problem: every outcome is a SendResult, so
// the reply to the chat server is always well-formed.
export {};
//# sourceMappingURL=provider.js.map