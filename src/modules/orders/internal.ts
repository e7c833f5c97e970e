/** What other modules may use of orders without an actor: money as the API reads and writes it. */
export { formatMoney, money } from './orders.schema.js';
