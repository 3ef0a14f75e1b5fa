import type { ValidatedPush } from '../../request/push-request.js';
/** FCM rejects data payloads over 4096 bytes with INVALID_ARGUMENT. */
export declare const FCM_DATA_LIMIT = 4096;
export type FcmData = Record<string, string>;
export interface FcmMessage {
    message: {
        token: string;
        data: FcmData;
        android: {
            priority: 'high';
        };
    };
}
export declare function buildFcmMessage(push: ValidatedPush, token?: string): FcmMessage;
//# sourceMappingURL=fcm-payload.d.ts.map