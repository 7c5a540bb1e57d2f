import { type LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/**
 * Any run of exactly 12 digits is treated as a personal ID (số định danh cá nhân) and masked
 * before a log line leaves the process. Law 91/2025/QH15 asks us to minimise personal data; a
 * log pipeline is the last place it should leak to, whatever a caller passed in.
 */
const PERSONAL_ID = /(?<!\d)\d{12}(?!\d)/g;

export function maskPersonalIds(line: string): string {
  return line.replace(PERSONAL_ID, (id) => `${id.slice(0, 2)}**********`);
}

export interface LogContext {
  eventId?: string;
  caseCode?: string;
  [key: string]: unknown;
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export function createLogger(service: string, level: LogLevel = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    hooks: { streamWrite: maskPersonalIds },
  });
}

/** Nest's logger interface over pino, so framework and app lines share one JSON format. */
export class HubLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  static for(service: string, level: LogLevel = 'info'): HubLogger {
    return new HubLogger(createLogger(service, level));
  }

  child(bindings: Record<string, unknown>): HubLogger {
    return new HubLogger(this.pino.child(bindings));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  /** Structured form: `logger.event('info', 'job synced', { eventId, caseCode })`. */
  event(level: 'info' | 'warn' | 'error' | 'debug', msg: string, context: LogContext = {}): void {
    this.pino[level](context, msg);
  }

  private write(
    level: 'info' | 'warn' | 'error' | 'debug' | 'trace',
    message: unknown,
    rest: unknown[],
  ): void {
    // Nest passes (message, context) or (message, stack, context).
    const context =
      typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) {
      this.pino[level](
        { context, err: { message: message.message, stack: message.stack } },
        message.message,
      );
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ context, ...(message as Record<string, unknown>) });
    } else {
      this.pino[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}
