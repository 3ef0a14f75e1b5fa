// Finds where JSON text stops being valid. Node's JSON.parse messages only
// sometimes carry a position, and never a line/column; admins editing a config
// by hand need "line 12, column 5". This scanner mirrors the JSON grammar
// (RFC 8259) just far enough to report the first offending offset.
class Stop extends Error {
    at;
    problem;
    constructor(at, problem) {
        super(problem);
        this.at = at;
        this.problem = problem;
    }
}
/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function locateJsonError(text) {
    let i = 0;
    const ws = () => {
        while (i < text.length && ' \t\n\r'.includes(text[i]))
            i++;
    };
    const fail = (problem) => {
        throw new Stop(i, i >= text.length ? `unexpected end of input (${problem})` : `${problem}, found ${JSON.stringify(text[i])}`);
    };
    const string = () => {
        i++; // opening quote
        while (i < text.length) {
            const c = text.charCodeAt(i);
            if (c === 0x22) {
                i++;
                return;
            }
            if (c < 0x20)
                fail('control character in string');
            if (c === 0x5c) {
                const e = text[i + 1];
                if (e === 'u') {
                    if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
                        i++;
                        fail('expected 4 hex digits after \\u');
                    }
                    i += 6;
                    continue;
                }
                if (e === undefined || !'"\\/bfnrt'.includes(e)) {
                    i++;
                    fail('invalid escape in string');
                }
                i += 2;
                continue;
            }
            i++;
        }
        fail('unterminated string');
    };
    const value = () => {
        ws();
        const c = text[i];
        if (c === '{') {
            i++;
            ws();
            if (text[i] === '}')
                return void i++;
            for (;;) {
                ws();
                if (text[i] !== '"')
                    fail('expected a double-quoted property name');
                string();
                ws();
                if (text[i] !== ':')
                    fail("expected ':' after property name");
                i++;
                value();
                ws();
                if (text[i] === ',') {
                    i++;
                    continue;
                }
                if (text[i] === '}')
                    return void i++;
                fail("expected ',' or '}' after property value");
            }
        }
        if (c === '[') {
            i++;
            ws();
            if (text[i] === ']')
                return void i++;
            for (;;) {
                value();
                ws();
                if (text[i] === ',') {
                    i++;
                    continue;
                }
                if (text[i] === ']')
                    return void i++;
                fail("expected ',' or ']' after array element");
            }
        }
        if (c === '"')
            return string();
        const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
        if (m !== null && m[0] !== '-')
            return void (i += m[0].length);
        for (const lit of ['true', 'false', 'null']) {
            if (text.startsWith(lit, i))
                return void (i += lit.length);
        }
        fail('expected a JSON value');
    };
    try {
        value();
        ws();
        if (i < text.length)
            fail('unexpected text after the JSON value');
        return undefined;
    }
    catch (e) {
        if (!(e instanceof Stop))
            return undefined; // e.g. nesting deeper than the stack
        return { offset: e.at, ...lineColumn(text, e.at), problem: e.problem };
    }
}
function lineColumn(text, offset) {
    let line = 1;
    let start = 0;
    for (let k = 0; k < offset && k < text.length; k++) {
        if (text.charCodeAt(k) === 0x0a) {
            line++;
            start = k + 1;
        }
    }
    return { line, column: offset - start + 1 };
}
//# sourceMappingURL=json-position.js.map