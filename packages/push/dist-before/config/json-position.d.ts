export interface JsonErrorLocation {
    offset: number;
    line: number;
    column: number;
    problem: string;
}
/** The first syntax error in `text`, or undefined when it is valid JSON. */
export declare function locateJsonError(text: string): JsonErrorLocation | undefined;
//# sourceMappingURL=json-position.d.ts.map