import { z } from 'zod';
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

/** Minor units → "1500.00". */
export const formatMoney = (cents: number) => {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

const quantity = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number().int().min(1).max(1_000_000),
);

export const OrderBody = z.object({
  contact_id: z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
    z.number().int().positive(),
  ),
  product: z.string().trim().min(1).max(200),
  quantity: quantity.default(1),
  price: money,
  description: z.string().trim().max(5000).default(''),
  status: z.enum(ORDER_STATUSES).default('Pending'),
});
export type OrderBody = z.infer<typeof OrderBody>;
