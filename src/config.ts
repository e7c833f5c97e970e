/**
 * The only reader of `process.env`. Parses every setting once at start with zod; a bad value stops the start
 * with a message naming each wrong variable. Zero configuration gives the embedded mode (SQLite + local files).
 */

import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { DbConfig } from './platform/db/db.js';
import type { UploadKind } from './platform/storage/inspect.js';
import type { StorageConfig } from './platform/storage/storage.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'expected true or false' })
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'expected a whole number' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  SOVA_DATA_DIR: z.string().min(1).default('./data'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0, 65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, {
      message: 'must be a postgres:// or postgresql:// URL (or unset for SQLite)',
    })
    .optional(),
  SIGNUP: z.enum(['open', 'approval', 'closed']).default('approval'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  SESSION_TTL_HOURS: int(1, 24 * 365).default(24 * 14),
  JWT_ACCESS_TTL_SECONDS: int(30, 86400).default(300),
  JWT_REFRESH_TTL_SECONDS: int(60, 86400 * 365).default(86400),
  LOGIN_RATE_LIMIT: int(1, 100000).default(10),
  TRUST_PROXY: bool.default(false),
  BODY_LIMIT_BYTES: int(1024, 1024 * 1024 * 1024).default(1024 * 1024),
  DEFAULT_LOCALE: z.enum(['en', 'ru', 'fr']).default('en'),
  COMPANY_NAME: z.string().min(1).max(200).default('Sova'),
  CURRENCY: z
    .string()
    .transform((code) => code.toUpperCase())
    .refine((code) => {
      // Amounts are kept in hundredths: a currency without cents (JPY) or with thousandths (KWD) cannot be shown.
      try {
        return (
          Intl.supportedValuesOf('currency').includes(code) &&
          new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
            .maximumFractionDigits === 2
        );
      } catch {
        return false;
      }
    }, 'must be an ISO 4217 code of a currency with cents, such as RUB, EUR or USD')
    .default('RUB'),
  TIME_ZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Moscow')
    .default('Europe/Moscow'),
  DEFAULT_COUNTRY: z
    .string()
    .refine(
      (c) => /^[A-Z]{2}$/.test(c) && isSupportedCountry(c),
      'must be a two-letter country code such as RU or FR',
    )
    .default('RU'),
  CALL_LOCK_SECONDS: z.coerce.number().int().min(15).max(3600).default(120),
  REPORT_SCHEDULE: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['week', 'month'])).max(2)),
  METRICS_TOKEN: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  WORKERS: bool.default(true),
  JOB_CONCURRENCY: int(1, 64).default(4),
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.url({ message: 'must be a URL such as https://s3.example.com' }).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  UPLOAD_MAX_MB_AUDIO: int(1, 10240).default(200),
  UPLOAD_MAX_MB_DOCUMENT: int(1, 10240).default(20),
  UPLOAD_MAX_MB_IMPORT: int(1, 10240).default(100),
  UPLOAD_MAX_MB_IMAGE: int(1, 10240).default(10),
  OUTGOING_SIGNING_SECRET: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  OUTGOING_TIMEOUT_SECONDS: int(1, 600).default(15),
});

/** The settings of the platform's services, each declared by the service that takes it. */
export type { DbConfig, StorageConfig, UploadKind };

export interface Config {
  env: 'development' | 'production' | 'test';
  dataDir: string;
  host: string;
  port: number;
  db: DbConfig;
  signup: 'open' | 'approval' | 'closed';
  logLevel: string;
  secret: string;
  sessionTtlHours: number;
  jwt: { accessTtlSeconds: number; refreshTtlSeconds: number };
  loginRateLimit: number;
  trustProxy: boolean;
  bodyLimit: number;
  defaultLocale: 'en' | 'ru' | 'fr';
  companyName: string;
  /** ISO 4217 code of the currency amounts are in: pages write it with every amount, exports in its number
   * format. */
  currency: string;
  /** The company's time zone: dates in seed-compatible responses, report files and report days. */
  timeZone: string;
  /** The country of phone numbers written without `+` (`89001112244` in RU is `+79001112244`). */
  defaultCountry: CountryCode;
  /** Reports generated automatically: `week` every Monday, `month` on the 1st (06:00 UTC). */
  reportSchedule: ('week' | 'month')[];
  /** How long a call target stays locked without a heartbeat from its open form. */
  callLockSeconds: number;
  metricsToken: string | undefined;
  /** Whether this process runs background job workers (`sova serve` may leave them to `sova worker`). */
  workers: boolean;
  jobConcurrency: number;
  storage: StorageConfig;
  uploadLimits: Record<UploadKind, number>;
  outgoing: { signingSecret: string; timeoutMs: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const MB = 1024 * 1024;

/** Every documented key, in the order `.env.example` lists them (a test keeps the two in step). */
export const CONFIG_KEYS = Object.keys(EnvSchema.shape);

/**
 * Parses the environment. Empty strings count as unset, so `PORT=` in a .env file means the default.
 * Throws ConfigError naming every wrong variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const cleaned = Object.fromEntries(
    CONFIG_KEYS.map((key) => [key, env[key] === '' ? undefined : env[key]]).filter(
      ([, v]) => v !== undefined,
    ),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(e.SOVA_DATA_DIR);
  const config: Config = {
    env: e.NODE_ENV,
    dataDir,
    host: e.HOST,
    port: e.PORT,
    db: e.DATABASE_URL
      ? { driver: 'postgres', url: e.DATABASE_URL }
      : { driver: 'sqlite', file: join(dataDir, 'sova.db') },
    signup: e.SIGNUP,
    logLevel: e.LOG_LEVEL,
    secret: e.SESSION_SECRET ?? '',
    sessionTtlHours: e.SESSION_TTL_HOURS,
    jwt: { accessTtlSeconds: e.JWT_ACCESS_TTL_SECONDS, refreshTtlSeconds: e.JWT_REFRESH_TTL_SECONDS },
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    trustProxy: e.TRUST_PROXY,
    bodyLimit: e.BODY_LIMIT_BYTES,
    defaultLocale: e.DEFAULT_LOCALE,
    companyName: e.COMPANY_NAME,
    currency: e.CURRENCY,
    timeZone: e.TIME_ZONE,
    defaultCountry: e.DEFAULT_COUNTRY as CountryCode,
    reportSchedule: [...new Set(e.REPORT_SCHEDULE)],
    callLockSeconds: e.CALL_LOCK_SECONDS,
    metricsToken: e.METRICS_TOKEN,
    workers: e.WORKERS,
    jobConcurrency: e.JOB_CONCURRENCY,
    storage:
      e.STORAGE_DRIVER === 's3'
        ? {
            driver: 's3',
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET ?? '',
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : { driver: 'local', dir: join(dataDir, 'files') },
    uploadLimits: {
      audio: e.UPLOAD_MAX_MB_AUDIO * MB,
      document: e.UPLOAD_MAX_MB_DOCUMENT * MB,
      import: e.UPLOAD_MAX_MB_IMPORT * MB,
      image: e.UPLOAD_MAX_MB_IMAGE * MB,
    },
    outgoing: {
      signingSecret: e.OUTGOING_SIGNING_SECRET ?? '',
      timeoutMs: e.OUTGOING_TIMEOUT_SECONDS * 1000,
    },
    ...overrides,
  };
  if (config.storage.driver === 's3' && !config.storage.bucket) {
    throw new ConfigError(['S3_BUCKET: required when STORAGE_DRIVER=s3']);
  }
  if (!config.secret) config.secret = loadOrCreateSecret(dataDir);
  // Receivers verify signatures with this; derived from the main secret unless set explicitly.
  if (!config.outgoing.signingSecret) {
    config.outgoing.signingSecret = createHmac('sha256', config.secret)
      .update('sova-outgoing-v1')
      .digest('base64url');
  }
  return config;
}

/** The session/JWT secret is generated once and kept in the data directory (mode 0600). */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    // Another process created it first: use theirs so both agree.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw err;
  }
}
