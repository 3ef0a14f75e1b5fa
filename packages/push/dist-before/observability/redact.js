// Device tokens and keys never reach the logs whole: a short prefix identifies them well enough.
export function redactToken(token, keep = 8) {
    if (!token)
        return '';
    return token.length <= keep ? '…' : `${token.slice(0, keep)}…`;
}
//# sourceMappingURL=redact.js.map