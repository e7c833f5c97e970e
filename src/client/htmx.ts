// htmx must be global before its extensions load (they call htmx.defineExtension at import time).
import htmx from 'htmx.org';

declare global {
  interface Window {
    htmx: typeof htmx;
  }
}
window.htmx = htmx;
export default htmx;
