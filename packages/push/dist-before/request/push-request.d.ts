/** Anchor limits: message is cut to 2046 characters, channel_name to 64. */
export declare const MAX_MESSAGE_CHARS = 2046;
export declare const MAX_CHANNEL_NAME_CHARS = 64;
/** Push types a Mattermost server sends; other strings are passed through. */
export type KnownPushType = 'message' | 'clear' | 'update_badge' | 'session' | 'test';
/** A send_push request after validation. Optional strings are absent when not sent. */
export interface ValidatedPush {
    /** The platform string as received, e.g. "apple_rn-v2". */
    platform: string;
    /** App type that picks the settings entry, e.g. "apple_rn". */
    appType: string;
    /** From the "-vN" suffix; 1 when absent. */
    appVersion: number;
    serverId: string;
    deviceId: string;
    /** Push type; "message" when the request has none. */
    type: KnownPushType | (string & {});
    id?: string;
    ackId?: string;
    subType?: string;
    message?: string;
    channelName?: string;
    /** -1 means "leave the badge alone". */
    badge?: number;
    postId?: string;
    rootId?: string;
    channelId?: string;
    teamId?: string;
    category?: string;
    sound?: string;
    senderId?: string;
    senderName?: string;
    overrideUsername?: string;
    overrideIconUrl?: string;
    fromWebhook?: string;
    contentAvailable?: number;
    version?: string;
    isCrtEnabled: boolean;
    isIdLoaded: boolean;
    signature?: string;
    /** "voip" for iOS PushKit call pushes. */
    transport?: string;
}
export type PushRequestResult = {
    ok: true;
    push: ValidatedPush;
    warnings: string[];
} | {
    ok: false;
    error: string;
};
export interface ParsePushOptions {
    /** App types that can be served: built-ins plus configured ones (see knownPlatforms()). */
    known?: ReadonlySet<string>;
}
export declare function parsePushRequest(body: unknown, options?: ParsePushOptions): PushRequestResult;
//# sourceMappingURL=push-request.d.ts.map