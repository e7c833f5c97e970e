/**
 * `sova seed-demo`: a living CRM for a first look — contacts from Russia, France and elsewhere, a year of orders
 * that grows towards today, and a few reports. Deterministic (same data every run) and idempotent: demo contacts
 * live under `@demo.example.*` addresses, and what is already there is not written again. The same generator
 * fills the benchmark database (100,000 contacts, 1,000,000 orders).
 */
import { type Ctx, inTransaction } from '../../deps.js';
import { settleAfterBulkWrite } from '../../platform/db/bulk.js';
import type { ContactStatus } from '../contacts/index.js';
import { type ContactBody, contactBody, insertContactsBulk } from '../contacts/internal.js';
import type { OrderStatus } from '../orders/index.js';
import { OrderInput } from '../orders/internal.js';
import { insertOrdersBulk } from '../orders/orders.service.js';
import { generateScheduledReport } from '../reports/reports.service.js';
import * as demoRepo from './demo.repo.js';

export interface DemoOptions {
  contacts: number;
  orders: number;
  reports: boolean;
  /** Called as work advances (done, total) for a progress bar. */
  progress?: (stage: 'contacts' | 'orders' | 'reports', done: number, total: number) => void;
}

export const DEMO_DOMAIN = 'demo.example';

/** A small fast PRNG (mulberry32): the same seed gives the same demo data everywhere. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

const PEOPLE = {
  ru: {
    male: ['Иван', 'Алексей', 'Дмитрий', 'Сергей', 'Андрей', 'Михаил', 'Никита', 'Артём', 'Павел', 'Олег'],
    female: ['Анна', 'Мария', 'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ксения', 'Дарья', 'Юлия', 'Светлана'],
    lastMale: [
      'Иванов',
      'Петров',
      'Смирнов',
      'Кузнецов',
      'Попов',
      'Соколов',
      'Лебедев',
      'Козлов',
      'Новиков',
      'Морозов',
      'Волков',
      'Фёдоров',
    ],
    middleMale: ['Сергеевич', 'Александрович', 'Дмитриевич', 'Андреевич', 'Игоревич', 'Петрович'],
    middleFemale: ['Сергеевна', 'Александровна', 'Дмитриевна', 'Андреевна', 'Игоревна', 'Петровна'],
    domain: 'ru',
    phone: () => '+79',
  },
  fr: {
    male: ['Jean', 'Pierre', 'Louis', 'Hugo', 'Lucas', 'Thomas', 'Nicolas', 'Julien', 'Antoine', 'Mathieu'],
    female: ['Marie', 'Camille', 'Léa', 'Chloé', 'Manon', 'Inès', 'Sophie', 'Claire', 'Élodie', 'Amélie'],
    lastMale: [
      'Martin',
      'Bernard',
      'Dubois',
      'Thomas',
      'Robert',
      'Petit',
      'Durand',
      'Leroy',
      'Moreau',
      'Lefèvre',
      'Fontaine',
      'Girard',
    ],
    middleMale: [] as string[],
    middleFemale: [] as string[],
    domain: 'fr',
    phone: () => '+3361',
  },
  en: {
    male: ['James', 'John', 'Robert', 'Michael', 'David', 'Daniel', 'Samuel', 'Oliver', 'Henry', 'George'],
    female: ['Mary', 'Emma', 'Olivia', 'Sarah', 'Emily', 'Grace', 'Alice', 'Laura', 'Hannah', 'Lucy'],
    lastMale: [
      'Smith',
      'Johnson',
      'Brown',
      'Taylor',
      'Wilson',
      'Davies',
      'Evans',
      'Walker',
      'Wright',
      'Clarke',
      'Hughes',
      'Green',
    ],
    middleMale: [] as string[],
    middleFemale: [] as string[],
    domain: 'com',
    phone: () => '+4477',
  },
} as const;

const PRODUCTS: [string, number, number][] = [
  ['Подписка «Старт»', 990, 990],
  ['Подписка «Бизнес»', 4900, 4900],
  ['Внедрение CRM', 25000, 120000],
  ['Обучение операторов', 8000, 30000],
  ['Abonnement Pro', 49, 49],
  ['Formation sur site', 600, 2400],
  ['Intégration téléphonie', 1500, 6000],
  ['Support plan', 199, 199],
  ['Consulting hours', 120, 1800],
  ['SMS package 10k', 350, 350],
];

const TRANSLIT: Record<string, string> = Object.fromEntries(
  'а:a б:b в:v г:g д:d е:e ё:e ж:zh з:z и:i й:y к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f х:kh ц:ts ч:ch ш:sh щ:sch ы:y э:e ю:yu я:ya ь: ъ:'
    .split(' ')
    .map((p) => p.split(':') as [string, string]),
);
const ascii = (s: string) =>
  s
    .toLowerCase()
    .split('')
    .map((c) => TRANSLIT[c] ?? c)
    .join('')
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '');

const DAY = 86_400_000;

/** The n-th demo person (the same n always gives the same person). */
function person(n: number, now: number) {
  const r = rng(n * 7919 + 17);
  const lang = n % 4 === 0 ? 'fr' : n % 4 === 1 ? 'en' : 'ru';
  const p = PEOPLE[lang];
  const female = r.next() < 0.5;
  let last: string = r.pick(p.lastMale);
  if (lang === 'ru' && female) last = last.endsWith('ий') ? `${last.slice(0, -2)}ая` : `${last}а`;
  const first = r.pick(female ? p.female : p.male);
  const middleList = female ? p.middleFemale : p.middleMale;
  const middle = middleList.length && r.next() < 0.7 ? r.pick(middleList) : '';
  // Every number is a valid mobile of its country (+33 61…, +44 77…, +7 9…), as the contact form requires.
  const digits = String(100_000_000 + ((n * 48271) % 899_999_999)).slice(
    0,
    lang === 'ru' ? 9 : lang === 'fr' ? 7 : 8,
  );
  // Contacts arrive through the year, more of them lately.
  const age = Math.floor(365 * (1 - Math.sqrt(r.next())));
  const status: ContactStatus = r.pick(['lead', 'lead', 'active', 'active', 'active', 'inactive', 'closed']);
  return {
    body: {
      first_name: first,
      last_name: last,
      middle_name: middle,
      email: `${ascii(first)}.${ascii(last)}.${n}@${DEMO_DOMAIN}.${p.domain}`,
      mobile_phone: `${p.phone()}${digits}`,
      status,
      assigned_user_id: null,
      next_interaction_on:
        status === 'active' && r.next() < 0.3
          ? new Date(now + r.int(1, 30) * DAY).toISOString().slice(0, 10)
          : null,
    },
    createdAt: new Date(now - age * DAY - r.int(0, DAY - 1)).toISOString(),
  };
}

/** The n-th demo order, for one of `contacts` (ids with their creation times). */
function order(n: number, contacts: { id: number; createdAt: number }[], now: number) {
  const r = rng(n * 104729 + 3);
  const c = contacts[Math.floor(r.next() * contacts.length)]!;
  const [product, min, max] = r.pick(PRODUCTS);
  const price = min === max ? min : Math.round((min + r.next() * (max - min)) / 10) * 10;
  // Any time after the contact appeared.
  const span = Math.max(1, now - c.createdAt);
  const created = c.createdAt + Math.floor(span * r.next());
  const ageDays = (now - created) / DAY;
  const status: OrderStatus =
    ageDays < 3 ? 'Pending' : r.next() < 0.82 ? 'Completed' : r.next() < 0.5 ? 'Cancelled' : 'Pending';
  return {
    body: {
      contact_id: c.id,
      product,
      quantity: r.next() < 0.8 ? 1 : r.int(2, 5),
      price: price * 100,
      description: '',
      status,
    },
    createdAt: new Date(created).toISOString(),
  };
}

const BATCH = 1000;
/**
 * Orders go in 10,000 per transaction: their indexes on dates, statuses and contacts take each row at a random
 * place, so every commit writes most of their pages again (SQLite, 1,000,000 orders: 148 s with 1,000 a commit,
 * 114 s with 10,000).
 */
const ORDER_BATCH = 10_000;

/** Fills the database with demo data; returns what was added. */
export async function seedDemo(ctx: Ctx, opts: DemoOptions) {
  const now = ctx.clock.now().getTime();
  const added = { contacts: 0, orders: 0, reports: 0 };

  const existing = await demoRepo.countDemoContacts(ctx.db, DEMO_DOMAIN);
  for (let start = existing; start < opts.contacts; start += BATCH) {
    const end = Math.min(opts.contacts, start + BATCH);
    const rows: { body: ContactBody; createdAt: string }[] = [];
    for (let n = start; n < end; n++) {
      const p = person(n, now);
      rows.push({ body: contactBody(ctx.config.defaultCountry).parse(p.body), createdAt: p.createdAt });
    }
    await inTransaction(ctx, (tx) => insertContactsBulk(tx, rows));
    added.contacts += rows.length;
    opts.progress?.('contacts', end, opts.contacts);
  }

  const contacts = (await demoRepo.demoContacts(ctx.db, DEMO_DOMAIN)).map((c) => ({
    id: c.id,
    createdAt: Date.parse(c.createdAt),
  }));
  const have = await demoRepo.countDemoOrders(ctx.db, DEMO_DOMAIN);
  if (contacts.length > 0) {
    for (let start = have; start < opts.orders; start += ORDER_BATCH) {
      const end = Math.min(opts.orders, start + ORDER_BATCH);
      const rows: { body: OrderInput; createdAt: string }[] = [];
      for (let n = start; n < end; n++) {
        const o = order(n, contacts, now);
        // Prices are generated in minor units; the schema reads decimal strings.
        const body = OrderInput.parse({ ...o.body, price: (o.body.price / 100).toFixed(2) });
        rows.push({ body, createdAt: o.createdAt });
      }
      await inTransaction(ctx, (tx) => insertOrdersBulk(tx, rows));
      added.orders += rows.length;
      opts.progress?.('orders', end, opts.orders);
    }
  }

  // Searches and lists plan from statistics: without this, PostgreSQL plans the first minutes (until autovacuum
  // notices) as if the tables were empty, e.g. a trigram search for a common name through the GIN index.
  if (added.contacts + added.orders > 0) await settleAfterBulkWrite(ctx.db, ['contacts', 'orders']);

  if (opts.reports && (await demoRepo.countReports(ctx.db)) === 0) {
    const periods = ['year', 'month', 'week'] as const;
    for (const [i, period] of periods.entries()) {
      await generateScheduledReport(ctx, period);
      added.reports++;
      opts.progress?.('reports', i + 1, periods.length);
    }
  }
  return added;
}
