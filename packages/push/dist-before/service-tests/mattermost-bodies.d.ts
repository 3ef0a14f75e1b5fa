export type Body = Record<string, unknown>;
export declare const SIGNATURE = "eyJhbGciOiJFUzI1NiJ9.eyJhY2tfaWQiOiJhY2sxIn0.c2lnbmF0dXJl";
/** A channel post with PushNotificationContents "full" (v2: channel name as title). */
export declare const message: (platform: string, deviceId: string, extra?: Body) => Body;
/** A reply in a followed thread with collapsed reply threads on. */
export declare const crtReply: (platform: string, deviceId: string) => Body;
/** Reading a channel: clear its notifications and set the badge. */
export declare const clear: (platform: string, deviceId: string) => Body;
export declare const updateBadge: (platform: string, deviceId: string) => Body;
/** System console "Send a test notification". */
export declare const testPush: (platform: string, deviceId: string) => Body;
/** A session about to expire. */
export declare const session: (platform: string, deviceId: string) => Body;
/** PushNotificationContents "id_loaded": no content leaves the server. */
export declare const idLoaded: (platform: string, deviceId: string) => Body;
/** A call ringing on iOS through PushKit. */
export declare const call: (platform: string, deviceId: string) => Body;
export declare const ALL_TYPES: {
    readonly message: (platform: string, deviceId: string, extra?: Body) => Body;
    readonly crtReply: (platform: string, deviceId: string) => Body;
    readonly clear: (platform: string, deviceId: string) => Body;
    readonly updateBadge: (platform: string, deviceId: string) => Body;
    readonly testPush: (platform: string, deviceId: string) => Body;
    readonly session: (platform: string, deviceId: string) => Body;
    readonly idLoaded: (platform: string, deviceId: string) => Body;
};
//# sourceMappingURL=mattermost-bodies.d.ts.map