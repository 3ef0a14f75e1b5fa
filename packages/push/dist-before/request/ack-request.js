// Parses a POST /api/v1/ack body: the app's receipt for a delivered push.
// The anchor only uses acks for metrics, so validation is about shape, not meaning.
import { bodyShapeError, readField } from './fields.js';
export function parseAckRequest(body) {
    const shape = bodyShapeError(body);
    if (shape !== undefined)
        return { ok: false, error: shape };
    const obj = body;
    const errors = [];
    const required = (name) => {
        const r = readField(obj, name, 'string');
        if (!r.ok)
            errors.push(r.error);
        else if (r.value === undefined || r.value === '')
            errors.push(`${name}: missing (required)`);
        else
            return r.value;
        return undefined;
    };
    const id = required('id');
    const platform = required('platform');
    const type = required('type');
    const receivedAt = readField(obj, 'received_at', 'number');
    const postId = readField(obj, 'post_id', 'string');
    const isIdLoaded = readField(obj, 'is_id_loaded', 'bool');
    for (const r of [receivedAt, postId, isIdLoaded])
        if (!r.ok)
            errors.push(r.error);
    if (receivedAt.ok && receivedAt.value !== undefined && receivedAt.value < 0) {
        errors.push(`received_at: expected a non-negative timestamp, got ${receivedAt.value}`);
    }
    if (errors.length > 0 || id === undefined || platform === undefined || type === undefined) {
        return { ok: false, error: errors.join('; ') };
    }
    const ack = { id, platform, type };
    if (receivedAt.ok && receivedAt.value !== undefined)
        ack.receivedAt = receivedAt.value;
    if (postId.ok && postId.value !== undefined && postId.value !== '')
        ack.postId = postId.value;
    if (isIdLoaded.ok && isIdLoaded.value !== undefined)
        ack.isIdLoaded = isIdLoaded.value;
    return { ok: true, ack };
}
//# sourceMappingURL=ack-request.js.map