/**
 * The orders contract: one input schema per operation (create, change), the list query shared by `/orders` and
 * `/api/v1/orders`, the response schema and its one mapper. The API routes declare these schemas (validation and
 * OpenAPI), the pages read their query with the same vocabulary, and the service parses its input with the same
 * schemas — parsing twice gives the same value (money stays a normalised decimal until the row is written).
 */
import { z } from 'zod';
import { recordId } from '../../platform/fields.js';
import { PageQuery, QueryDate, QueryId } from '../../platform/http/api.js';
import { queryDate } from '../../platform/http/query.js';
import { formatCents } from '../../platform/money.js';
import { fullName } from '../contacts/internal.js';
import { ORDER_SORTS, type OrderSort } from './orders.repo.js';
import { ORDER_STATUSES, type OrderStatus } from './orders.table.js';

/** Money as typed or sent ("1500.00", "1500,5", 1500) → "1500.00"; at most 2 decimals, ≥ 0. */
export const moneyText = z.preprocess(
  (v) =>
    typeof v === 'number'
      ? String(v)
      : typeof v === 'string'
        ? v.trim().replace(',', '.').replace(/\s/g, '')
        : v,
  z
    .string()
    .min(1)
    .regex(/^\d{1,12}(\.\d{1,2})?$/, 'invalid_money')
    .transform((v) => {
      const [whole, frac = ''] = v.split('.');
      return `${whole}.${frac.padEnd(2, '0')}`;
    }),
);

/** A normalised decimal ("1500.50") → minor units (150050). */
export const centsOf = (decimal: string) => {
  const [whole, frac = '00'] = decimal.split('.');
  return Number(whole) * 100 + Number(frac);
};

/** Money as typed or sent → integer minor units (other modules' amounts). */
export const money = moneyText.transform(centsOf);

/** Minor units → "1500.00" (APIs, exports, the seeds' files; pages use `t.money`). */
export const formatMoney = (cents: number) => formatCents(cents);

export const MAX_QUANTITY = 1_000_000;
/**
 * The largest total an order may have, 10,000,000,000.00: quantity × unit price in cents is then an exact
 * JavaScript number with room to spare, and reports can sum nine hundred such orders before leaving 2^53.
 */
export const MAX_TOTAL_CENTS = 1_000_000_000_000;

const quantity = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number().int().min(1).max(MAX_QUANTITY),
);

/** The fields of an order as sent, none defaulted (a change names only what changes). */
const orderFields = {
  contact_id: recordId,
  product: z.string().trim().min(1).max(200),
  quantity,
  price: moneyText.describe(
    'Unit price ≥ 0 with at most 2 decimals, e.g. "1500.00"; quantity × price at most 10000000000.00',
  ),
  description: z.string().trim().max(5000),
  status: z.enum(ORDER_STATUSES),
};

/** Create an order: the total is quantity × price, and at most MAX_TOTAL_CENTS. */
export const OrderInput = z
  .object({
    ...orderFields,
    quantity: quantity.default(1).describe('Default 1'),
    description: orderFields.description.default(''),
    status: orderFields.status.default('Pending').describe('Default `Pending`'),
  })
  .superRefine((o, ctx) => {
    // A total past the cap is refused on the price (a price alone past it is, as the quantity is at least 1).
    if (o.quantity * centsOf(o.price) > MAX_TOTAL_CENTS)
      ctx.addIssue({
        code: 'custom',
        path: ['price'],
        message: 'order_total_too_big',
        params: { max: formatCents(MAX_TOTAL_CENTS) },
      });
  })
  .meta({ example: { contact_id: 42, product: 'Подписка «Бизнес»', quantity: 2, price: '1500.00' } });
export type OrderInput = z.output<typeof OrderInput>;

/**
 * Change some fields of an order; missing ones keep their values (the service checks the whole result). No body
 * at all changes nothing, as an empty object; a body that is not an object (null, a string, a list) is refused.
 */
export const OrderChange = z.preprocess((v) => (v === undefined ? {} : v), z.object(orderFields).partial());
export type OrderChange = z.output<typeof OrderChange>;

/* ---------- lists: one vocabulary for /orders and /api/v1/orders ---------- */

export const OrderListQuery = PageQuery.extend({
  search: z.string().max(200).optional().describe('Words over product and description'),
  status: z.enum(ORDER_STATUSES).optional(),
  contact_id: QueryId.optional(),
  created_from: QueryDate.optional().describe('yyyy-mm-dd, inclusive'),
  created_to: QueryDate.optional().describe('yyyy-mm-dd, inclusive'),
  sort: z.enum(ORDER_SORTS).default('created_at'),
});
export type OrderListQuery = z.infer<typeof OrderListQuery>;

/** What the service filters and sorts orders by. */
export interface OrderQuery {
  search?: string;
  status?: OrderStatus;
  contactId?: number;
  companyId?: number;
  createdFrom?: string;
  createdTo?: string;
  sort?: OrderSort;
  desc?: boolean;
}

/** A list query as the service takes it; its days start at midnight in `timeZone` (the API documents UTC). */
export const orderQueryOf = (
  q: Omit<OrderListQuery, 'page' | 'per_page'> & { company_id?: number },
  timeZone = 'UTC',
): OrderQuery => ({
  search: q.search,
  status: q.status,
  contactId: q.contact_id,
  companyId: q.company_id,
  createdFrom: queryDate(q, 'created_from', timeZone),
  createdTo: queryDate(q, 'created_to', timeZone, true),
  sort: q.sort,
  desc: q.order === 'desc',
});

/** The list pages' older parameter names, still read: `?q=…&contact=…&from=…&to=…&dir=…`. */
const PAGE_ALIASES: Record<string, string> = {
  q: 'search',
  contact: 'contact_id',
  company: 'company_id',
  from: 'created_from',
  to: 'created_to',
  dir: 'order',
};

/** A query string with the old names read as the contract's, blanks dropped, the search cut to its length. */
function withAliases(raw: unknown): Record<string, string> {
  const named: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null) return named;
  for (const [key, value] of Object.entries(raw)) {
    const name = PAGE_ALIASES[key] ?? key;
    if (typeof value === 'string' && value.trim() !== '' && named[name] === undefined)
      named[name] = name === 'search' ? value.trim().slice(0, 200) : value.trim();
  }
  return named;
}

/** Each field of `shape`, forgiving: a value it refuses means its default (or none). */
function forgiving<S extends Record<string, z.ZodType>>(shape: S) {
  const out: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(shape)) out[key] = field.catch(() => field.parse(undefined));
  return z.object(out as { [K in keyof S]: z.ZodCatch<S[K]> });
}

/**
 * A list page's query: the API's list query in the same vocabulary (old names read as aliases), and pages
 * forgive junk — a value the contract refuses means that filter's default, as a link typed by hand should still
 * show a list. Pages offer 5, 10, 25, 50 or 100 a page.
 */
export const OrderPageQuery = z.preprocess(
  withAliases,
  forgiving({
    ...OrderListQuery.omit({ page: true, per_page: true }).shape,
    company_id: QueryId.optional(),
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    per_page: z.coerce
      .number()
      .refine((n) => [5, 10, 25, 50, 100].includes(n))
      .default(25),
    format: z.enum(['csv', 'xlsx']).default('csv'),
  }),
);
export type OrderPageQuery = z.output<typeof OrderPageQuery>;

/** The page query as links write it (the list's own parameter names, defaults left out). */
export const pageLinkQuery = (q: OrderPageQuery) => ({
  q: q.search,
  status: q.status,
  contact: q.contact_id,
  company: q.company_id,
  from: q.created_from,
  to: q.created_to,
  sort: q.sort === 'created_at' ? undefined : q.sort,
  dir: q.order === 'desc' ? undefined : q.order,
});

/* ---------- responses ---------- */

export const OrderResponse = z
  .object({
    id: z.number().int(),
    contact: z.object({
      id: z.number().int(),
      full_name: z.string(),
      email: z.string(),
      mobile_phone: z.string(),
    }),
    product: z.string(),
    quantity: z.number().int(),
    price: z.string().describe('Unit price, decimal string'),
    total_price: z.string(),
    description: z.string(),
    status: z.enum(ORDER_STATUSES),
    created_at: z.string(),
    completed_at: z.string().nullable(),
  })
  .meta({
    example: {
      id: 1001,
      contact: {
        id: 42,
        full_name: 'Петров Иван',
        email: 'ivan.petrov@example.ru',
        mobile_phone: '+79001234567',
      },
      product: 'Подписка «Бизнес»',
      quantity: 2,
      price: '1500.00',
      total_price: '3000.00',
      description: '',
      status: 'Pending',
      created_at: '2026-11-24T09:35:00.000Z',
      completed_at: null,
    },
  });
export type OrderResponse = z.infer<typeof OrderResponse>;

/** What the one mapper reads of an order (a list row or a detail). */
export interface OrderRowWithContact {
  id: number;
  contactId: number;
  firstName: string;
  lastName: string;
  middleName: string;
  email: string;
  mobilePhone: string;
  product: string;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  description: string;
  status: OrderStatus;
  createdAt: string;
  completedAt: string | null;
}

/** An order row (with its contact) → the API's order. */
export const toOrderResponse = (o: OrderRowWithContact): OrderResponse => ({
  id: o.id,
  contact: { id: o.contactId, full_name: fullName(o), email: o.email, mobile_phone: o.mobilePhone },
  product: o.product,
  quantity: o.quantity,
  price: formatMoney(o.unitPriceCents),
  total_price: formatMoney(o.totalCents),
  description: o.description,
  status: o.status,
  created_at: o.createdAt,
  completed_at: o.completedAt,
});
