import type { ValidatedPush } from '../request/push-request.js';
/**
 * Generic line shown for ID-loaded pushes: the point of id_loaded is that no
 * content leaves the chat server, so Herald never forwards its message text
 * (the app fetches the post itself). Mattermost's server sends a localized line
 * of the same meaning in `message`.
 */
export declare const ID_LOADED_BODY = "You've received a new message.";
/** Sender name the anchor puts in FCM id_loaded pushes instead of the real one. */
export declare const ID_LOADED_SENDER_NAME = "Someone";
export declare const NO_SIGNATURE = "NO_SIGNATURE";
/** Pushes that show an alert: messages, and the session-expiry notice. */
export declare function isAlertPush(push: ValidatedPush): boolean;
export declare function isVoipPush(push: ValidatedPush): boolean;
export declare function signatureOf(push: ValidatedPush): string;
/** The value when it is a non-empty string; the anchor treats "" as absent everywhere. */
export declare function nonEmpty(s: string | undefined): string | undefined;
//# sourceMappingURL=push-kinds.d.ts.map