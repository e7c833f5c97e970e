import { z } from 'zod';
import { recordId } from '../../platform/fields.js';
import { formatCents } from '../../platform/money.js';
import { ORDER_STATUSES } from './orders.table.js';

/** Money as typed or sent ("1500.00", "1500,5", 1500) → integer minor units; at most 2 decimals, ≥ 0. */
export const money = z.preprocess(
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
      return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
    }),
);

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

export const OrderBody = z
  .object({
    contact_id: recordId,
    product: z.string().trim().min(1).max(200),
    quantity: quantity.default(1),
    price: money,
    description: z.string().trim().max(5000).default(''),
    status: z.enum(ORDER_STATUSES).default('Pending'),
  })
  .superRefine((o, ctx) => {
    // A total past the cap is refused on the price (a price alone past it is, as the quantity is at least 1).
    if (o.quantity * o.price > MAX_TOTAL_CENTS)
      ctx.addIssue({
        code: 'custom',
        path: ['price'],
        message: 'order_total_too_big',
        params: { max: formatCents(MAX_TOTAL_CENTS) },
      });
  });
export type OrderBody = z.infer<typeof OrderBody>;

/* ---------- clean API (/api/v1/orders) ---------- */

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

export const OrderInput = z
  .object({
    contact_id: z.number().int(),
    product: z.string().max(200),
    quantity: z.number().int().min(1).max(MAX_QUANTITY).optional().describe('Default 1'),
    price: z
      .string()
      .describe(
        'Unit price ≥ 0 with at most 2 decimals, e.g. "1500.00"; quantity × price at most 10000000000.00',
      ),
    description: z.string().max(5000).optional(),
    status: z.enum(ORDER_STATUSES).optional().describe('Default `Pending`'),
  })
  .meta({ example: { contact_id: 42, product: 'Подписка «Бизнес»', quantity: 2, price: '1500.00' } });
