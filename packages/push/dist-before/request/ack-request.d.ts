export interface ValidatedAck {
    id: string;
    platform: string;
    type: string;
    /** Client receive time in epoch milliseconds, when sent. */
    receivedAt?: number;
    postId?: string;
    isIdLoaded?: boolean;
}
export type AckRequestResult = {
    ok: true;
    ack: ValidatedAck;
} | {
    ok: false;
    error: string;
};
export declare function parseAckRequest(body: unknown): AckRequestResult;
//# sourceMappingURL=ack-request.d.ts.map