import type { ValidatedPush } from '../request/push-request.js';
export declare function pushFrom(body: Record<string, unknown>): ValidatedPush;
export declare const MESSAGE: {
    type: string;
    ack_id: string;
    message: string;
    channel_name: string;
    channel_id: string;
    team_id: string;
    post_id: string;
    sender_id: string;
    sender_name: string;
    category: string;
    badge: number;
    version: string;
    is_crt_enabled: boolean;
    signature: string;
};
export declare const CLEAR: {
    type: string;
    ack_id: string;
    channel_id: string;
    badge: number;
    version: string;
    cont_ava: number;
};
export declare const UPDATE_BADGE: {
    type: string;
    ack_id: string;
    badge: number;
    version: string;
    sound: string;
    cont_ava: number;
};
export declare const TEST: {
    type: string;
    version: string;
    cont_ava: number;
    badge: number;
};
export declare const SESSION: {
    type: string;
    message: string;
    badge: number;
};
export declare const ID_LOADED: {
    type: string;
    is_id_loaded: boolean;
    ack_id: string;
    message: string;
    post_id: string;
    channel_id: string;
    team_id: string;
    sender_id: string;
    category: string;
    badge: number;
    version: string;
};
export declare const CALL_VOIP: {
    type: string;
    sub_type: string;
    transport: string;
    ack_id: string;
    message: string;
    channel_id: string;
    channel_name: string;
    post_id: string;
    root_id: string;
    sender_id: string;
    sender_name: string;
    team_id: string;
    badge: number;
    version: string;
};
//# sourceMappingURL=test-pushes.d.ts.map