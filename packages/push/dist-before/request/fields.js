// Typed readers for untrusted JSON bodies. They only look at the body's own
// properties by name (never iterate its keys or copy it), so "__proto__",
// "constructor" and other hostile keys can neither pollute nor leak into output.
export function isPlainObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Short description of a JSON value's type, for error messages. */
export function describe(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'array';
    return typeof v;
}
function own(body, name) {
    return Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
}
const EXPECTED = {
    string: 'a string',
    int: 'an integer',
    bool: 'a boolean',
    number: 'a number',
};
function matches(kind, v) {
    switch (kind) {
        case 'string':
            return typeof v === 'string';
        case 'bool':
            return typeof v === 'boolean';
        case 'int':
            return typeof v === 'number' && Number.isSafeInteger(v);
        case 'number':
            return typeof v === 'number' && Number.isFinite(v);
    }
}
export function readField(body, name, kind) {
    const v = own(body, name);
    if (v === undefined || v === null)
        return { ok: true, value: undefined };
    if (matches(kind, v))
        return { ok: true, value: v };
    const got = typeof v === 'number' && kind === 'int' ? `number ${String(v)}` : describe(v);
    return { ok: false, error: `${name}: expected ${EXPECTED[kind]}, got ${got}` };
}
/** Error for a body that is not a JSON object. */
export function bodyShapeError(body) {
    return isPlainObject(body) ? undefined : `body: expected a JSON object, got ${describe(body)}`;
}
//# sourceMappingURL=fields.js.map