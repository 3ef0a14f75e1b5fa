// The app package arrives with its issue; this keeps the workspace building until then.
export {};
