import { type Logger, type DestinationStream } from 'pino';
import type { HeraldConfig } from '../config/schema.js';
export type { Logger };
export interface LoggerOptions {
    level?: string;
    /** Extra destination (tests capture lines here). */
    stream?: DestinationStream;
}
export declare function createLogger(config: Pick<HeraldConfig, 'EnableConsoleLog' | 'EnableFileLog' | 'LogFileLocation' | 'LogFormat'>, opts?: LoggerOptions): Logger;
//# sourceMappingURL=logger.d.ts.map