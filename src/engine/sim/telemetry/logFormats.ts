import type { LogFormat } from '../model/model.ts';
import type { LogClock } from './clock.ts';

/** Log levels as services write them. */
export type Level = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** A logfmt value: bare when it can be, quoted otherwise. */
export function logfmtValue(v: string): string {
  return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
}

const LOGBACK_LEVEL: Readonly<Record<Level, string>> = {
  debug: 'DEBUG',
  info: ' INFO',
  warn: ' WARN',
  error: 'ERROR',
  fatal: 'ERROR',
};

const PG_LEVEL: Readonly<Record<Level, string>> = {
  debug: 'DEBUG',
  info: 'LOG',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'FATAL',
};

const REDIS_LEVEL: Readonly<Record<Level, string>> = {
  debug: '.',
  info: '*',
  warn: '#',
  error: '#',
  fatal: '#',
};

/** The Java logger name a Spring service logs under, e.g. `c.s.billing.web.RequestLogger`. */
export function javaLogger(service: string, what: string): string {
  return `c.s.${service.replace(/[^a-z0-9]/g, '')}.${what}`;
}

/**
 * A line that is not about one request (a startup, a cron run, a checkpoint, a warning) in a service's
 * format. `stack` lines follow the message where the format allows several lines per entry.
 */
export function formatEvent(
  clock: LogClock,
  format: LogFormat,
  tsMs: number,
  level: Level,
  service: string,
  message: string,
  stack: readonly string[] = [],
): string {
  switch (format) {
    case 'json': {
      const s = stack.length > 0 ? `,"stack":${JSON.stringify([message, ...stack].join('\n'))}` : '';
      return `{"ts":"${clock.isoMs(tsMs)}","level":"${level}","msg":${JSON.stringify(message)}${s}}`;
    }
    case 'logfmt':
      return `ts=${clock.isoMs(tsMs)} level=${level} msg=${logfmtValue(message)}${stack.length > 0 ? `\n${stack.join('\n')}` : ''}`;
    case 'logback':
      return `${clock.spaceMs(tsMs)} ${LOGBACK_LEVEL[level]} 1 --- [${service}] [           main] ${javaLogger(service, 'App')} : ${message}${
        stack.length > 0 ? `\n${stack.join('\n')}` : ''
      }`;
    case 'postgres':
      return `${clock.spaceMs(tsMs)} UTC [${1000 + (Math.floor(tsMs / 7919) % 9000)}] ${PG_LEVEL[level]}:  ${message}`;
    case 'redis':
      return `1:M ${clock.redisTime(tsMs)} ${REDIS_LEVEL[level]} ${message}`;
    case 'access':
      // Proxies write their own messages to the error log in this shape.
      return `${clock.nginxErrorTime(tsMs)} [${level === 'warn' ? 'warn' : level === 'info' ? 'notice' : 'error'}] 7#7: ${message}`;
  }
}
