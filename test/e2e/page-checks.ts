/**
 * What the crawler checks on a page once it has loaded, run inside the page: boxes whose content does not fit
 * (horizontally, or vertically in a box of fixed height such as a button or a badge), anything reaching past the
 * viewport's sides, and the visible words, for the language check.
 */

export interface Overflow {
  /** A short CSS-like path of the element (tag, id, classes, data attributes). */
  where: string;
  what: 'wider_than_box' | 'taller_than_box' | 'past_viewport' | 'page_scrolls_sideways';
  /** Content size vs box size (px), or how far past the viewport. */
  by: number;
  text: string;
}

export interface PageFacts {
  overflows: Overflow[];
  /** Visible text (text nodes, options of visible selects, placeholders, button values), one string per node. */
  texts: string[];
}

/** Runs in the browser (serialised by playwright: no closures over Node values). */
export function inspectPage(): PageFacts {
  const overflows: Overflow[] = [];
  const doc = document.documentElement;
  const viewport = doc.clientWidth;
  const describe = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      if (e.id) s += `#${e.id}`;
      const cls = [...e.classList].slice(0, 3).join('.');
      if (cls) s += `.${cls}`;
      const data = [...e.attributes].find((a) => a.name.startsWith('data-'));
      if (data) s += `[${data.name}]`;
      parts.unshift(s);
    }
    return parts.join(' > ');
  };
  const snippet = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);

  if (doc.scrollWidth > viewport + 1)
    overflows.push({
      where: 'html',
      what: 'page_scrolls_sideways',
      by: doc.scrollWidth - viewport,
      text: '',
    });

  const visible = (el: Element) =>
    el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true });
  // Form controls scroll their own value by design; screen-reader-only text is a 1 px box on purpose.
  const ownScroller = new Set([
    'INPUT',
    'TEXTAREA',
    'SELECT',
    'OPTION',
    'svg',
    'IMG',
    'VIDEO',
    'AUDIO',
    'CANVAS',
  ]);
  // One report per box: what lies inside a box already reported is part of the same problem.
  const reported = new Set<Element>();
  const insideReported = (el: Element) => {
    for (let e = el.parentElement; e; e = e.parentElement) if (reported.has(e)) return true;
    return false;
  };
  // Past the viewport counts for boxes no scrolling or clipping ancestor holds (that one is reported instead).
  const clipped = (el: Element) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement)
      if (getComputedStyle(e).overflowX !== 'visible') return true;
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (ownScroller.has(el.tagName) || el.closest('svg, .sr-only, [hidden]')) continue;
    if (insideReported(el)) continue;
    if (!visible(el)) continue;
    const style = getComputedStyle(el);
    if (style.display === 'inline' || style.display === 'contents' || style.display === 'none') continue;
    const box = el as HTMLElement;
    // Text cut short with an ellipsis is a deliberate truncation, not an overflow.
    const ellipsis = style.textOverflow === 'ellipsis';
    const found = (what: Overflow['what'], by: number) => {
      overflows.push({ where: describe(el), what, by, text: snippet(el) });
      reported.add(el);
    };
    // The one deliberate sideways scroll: the frame of a table that must stay a grid (`data-keep-table`, a
    // spreadsheet's preview whose columns the mapping above them names), scrolling inside itself.
    const gridFrame =
      style.overflowX !== 'visible' && el.querySelector(':scope > table[data-keep-table]') !== null;
    if (box.clientWidth > 1 && box.scrollWidth > box.clientWidth + 1 && !ellipsis && !gridFrame)
      found('wider_than_box', box.scrollWidth - box.clientWidth);
    // A box whose height grows with its content never overflows; one of fixed height (a button, a badge, a
    // scroll panel) does when its text wraps or its rows do not fit.
    if (box.clientHeight > 1 && box.scrollHeight > box.clientHeight + 1 && !ellipsis)
      found('taller_than_box', box.scrollHeight - box.clientHeight);
    const rect = el.getBoundingClientRect();
    if (rect.width > 0 && (rect.right > viewport + 1 || rect.left < -1) && !clipped(el))
      found('past_viewport', Math.round(Math.max(rect.right - viewport, -rect.left)));
  }

  const texts: string[] = [];
  // Text cut into nodes by <wbr> (an e-mail address) is read whole, once.
  const whole = new Set<Element>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent?.querySelector(':scope > wbr')) {
      if (whole.has(parent)) continue;
      whole.add(parent);
    }
    const text = (parent && whole.has(parent) ? parent.textContent : node.textContent)?.trim();
    if (!parent || !text) continue;
    // Code (tokens, request ids) is not prose; an element in another language says so with `lang`.
    if (parent.closest('code, pre, script, style, noscript, template, [translate=no]')) continue;
    if (parent.closest('[lang]')?.getAttribute('lang') !== doc.lang) continue;
    if (parent.tagName === 'OPTION') {
      const select = parent.closest('select');
      if (select && visible(select)) texts.push(text);
      continue;
    }
    if (parent.closest('.sr-only') || visible(parent)) texts.push(text);
  }
  for (const el of document.body.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
    'input[placeholder], textarea[placeholder], input[type=submit][value], input[type=button][value]',
  )) {
    if (!visible(el) || el.closest('[lang]')?.getAttribute('lang') !== doc.lang) continue;
    texts.push(el.placeholder || el.value);
  }
  return { overflows, texts };
}
