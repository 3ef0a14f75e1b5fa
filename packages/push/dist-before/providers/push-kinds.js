// Push classification shared by the platform payload mappers.
/**
 * Generic line shown for ID-loaded pushes: the point of id_loaded is that no
 * content leaves the chat server, so Herald never forwards its message text
 * (the app fetches the post itself). Mattermost's server sends a localized line
 * of the same meaning in `message`.
 */
export const ID_LOADED_BODY = "You've received a new message.";
/** Sender name the anchor puts in FCM id_loaded pushes instead of the real one. */
export const ID_LOADED_SENDER_NAME = 'Someone';
export const NO_SIGNATURE = 'NO_SIGNATURE';
/** Pushes that show an alert: messages, and the session-expiry notice. */
export function isAlertPush(push) {
    return push.isIdLoaded || push.type === 'message' || push.type === 'session';
}
export function isVoipPush(push) {
    return push.transport === 'voip';
}
export function signatureOf(push) {
    return nonEmpty(push.signature) ?? NO_SIGNATURE;
}
/** The value when it is a non-empty string; the anchor treats "" as absent everywhere. */
export function nonEmpty(s) {
    return s === undefined || s === '' ? undefined : s;
}
//# sourceMappingURL=push-kinds.js.map