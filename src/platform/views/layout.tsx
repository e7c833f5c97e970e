/** The page shell: sidebar navigation, top bar with language and theme, flash message, content. */
import type { ComponentChildren } from 'preact';
import { type Action, can } from '../auth/policy.js';
import { type Actor, displayName } from '../auth/roles.js';
import type { Flash } from '../http/flash.js';
import { LOCALE_NAMES, LOCALES, type MessageKey, type Translate } from '../i18n/index.js';
import { Icon } from './icons.js';

export interface NavItem {
  href: string;
  label: MessageKey;
  icon: string;
  section: 'work' | 'admin';
  /** Shown to users allowed this action (the page refuses the others); everyone signed in when absent. */
  action?: Action;
}

/** Where the page finds its script, stylesheet and icon (content-hashed names, cached for a year). */
export interface AssetUrls {
  script: string;
  stylesheet: string;
  icon: string;
}

/** What every view needs from the request: translations, who is signed in, CSRF token, where we are. */
export interface ViewContext {
  t: Translate;
  actor: Actor | null;
  csrf: string;
  path: string;
  /** The page's own URL with its query (what a live region reloads). */
  url: string;
  flash?: Flash | undefined;
  nav: NavItem[];
  assets: AssetUrls;
  theme: 'light' | 'dark' | null;
}

export function Document({
  v,
  title,
  children,
}: {
  v: ViewContext;
  title: string;
  children: ComponentChildren;
}) {
  return (
    <html lang={v.t.locale} data-theme={v.theme ?? undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}' />
        <meta name="csrf-token" content={v.csrf} />
        <title>{`${title} · ${v.t('app.name')}`}</title>
        <link rel="stylesheet" href={v.assets.stylesheet} />
        <link rel="icon" href={v.assets.icon} type="image/svg+xml" />
        <script src={v.assets.script} defer />
      </head>
      <body class="min-h-screen bg-base-200" hx-headers={JSON.stringify({ 'X-CSRF-Token': v.csrf })}>
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:p-2 focus:bg-base-100">
          {v.t('app.skip')}
        </a>
        {children}
      </body>
    </html>
  );
}

export function FlashMessage({ v }: { v: ViewContext }) {
  if (!v.flash) return null;
  const cls = {
    success: 'alert-success',
    info: 'alert-info',
    warning: 'alert-warning',
    error: 'alert-error',
  }[v.flash.kind];
  return (
    <div role="status" class={`alert ${cls} alert-soft mb-4`} data-flash>
      <span>{v.t.dynamic(v.flash.key, v.flash.params, v.t('common.none'))}</span>
      {v.flash.undo?.startsWith('/') ? (
        <form method="post" action={v.flash.undo} class="ms-auto">
          <input type="hidden" name="_csrf" value={v.csrf} />
          <button type="submit" class="btn btn-sm" data-undo>
            {v.t('common.undo')}
          </button>
        </form>
      ) : null}
    </div>
  );
}

export function LanguageSwitch({ v }: { v: ViewContext }) {
  return (
    <form method="post" action="/lang" class="flex items-center gap-1">
      <input type="hidden" name="_csrf" value={v.csrf} />
      <input type="hidden" name="next" value={v.path} />
      <label class="sr-only" for="lang-select">
        {v.t('app.language')}
      </label>
      <select id="lang-select" name="locale" class="select select-sm select-ghost w-auto" data-autosubmit>
        {LOCALES.map((l) => (
          <option value={l} selected={l === v.t.locale} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <noscript>
        <button class="btn btn-sm" type="submit">
          OK
        </button>
      </noscript>
    </form>
  );
}

function ThemeToggle({ v }: { v: ViewContext }) {
  return (
    <button type="button" class="btn btn-ghost btn-sm btn-square" data-theme-toggle title={v.t('app.theme')}>
      <Icon name="sun" />
      <span class="sr-only">{v.t('app.theme')}</span>
    </button>
  );
}

function Sidebar({ v }: { v: ViewContext }) {
  const visible = v.nav.filter((n) => !n.action || can(v.actor, n.action));
  const section = (name: NavItem['section'], label: MessageKey) => {
    const items = visible.filter((n) => n.section === name);
    if (items.length === 0) return null;
    return (
      <li>
        <h2 class="menu-title">{v.t(label)}</h2>
        <ul>
          {items.map((n) => {
            const active = v.path === n.href || (n.href !== '/' && v.path.startsWith(`${n.href}/`));
            return (
              <li>
                <a
                  href={n.href}
                  class={active ? 'menu-active' : undefined}
                  aria-current={active ? 'page' : undefined}
                >
                  <Icon name={n.icon} />
                  {v.t(n.label)}
                </a>
              </li>
            );
          })}
        </ul>
      </li>
    );
  };
  return (
    <aside class="min-h-full w-64 bg-base-100 border-r border-base-300 flex flex-col">
      <a href="/welcome" class="flex items-center gap-2 px-5 h-16 text-xl font-bold">
        <img src={v.assets.icon} alt="" class="size-8" />
        {v.t('app.name')}
      </a>
      <ul class="menu w-full grow">
        <li>
          <a href="/welcome" class={v.path === '/welcome' ? 'menu-active' : undefined}>
            <Icon name="home" />
            {v.t('nav.welcome')}
          </a>
        </li>
        {section('work', 'nav.section.work')}
        {section('admin', 'nav.section.admin')}
      </ul>
    </aside>
  );
}

/** A signed-in page with navigation. */
export function AppPage({
  v,
  title,
  actions,
  children,
}: {
  v: ViewContext;
  title: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  const name = v.actor ? displayName(v.actor) : '';
  return (
    <Document v={v} title={title}>
      {/* One live-update stream per page: elements below refresh on `hx-trigger="sse:<event>"`. */}
      <div hx-ext="sse" sse-connect="/events" data-live>
        <div
          id="live-announcements"
          class="toast toast-bottom toast-end z-50"
          sse-swap="announcement"
          hx-swap="none"
          aria-live="polite"
          data-announcement-label={v.t('announcements.from')}
        />
        <div class="drawer lg:drawer-open">
          <input id="nav-drawer" type="checkbox" class="drawer-toggle" aria-label={v.t('app.menu')} />
          <div class="drawer-content flex flex-col">
            <header class="navbar bg-base-100 border-b border-base-300 sticky top-0 z-10 gap-2 px-4">
              <label for="nav-drawer" class="btn btn-ghost btn-square lg:hidden" aria-label={v.t('app.menu')}>
                <Icon name="menu" />
              </label>
              <div class="flex-1" />
              <LanguageSwitch v={v} />
              <ThemeToggle v={v} />
              <div class="dropdown dropdown-end">
                <button type="button" class="btn btn-ghost btn-sm gap-2" data-user-menu>
                  <span class="avatar avatar-placeholder">
                    <span class="bg-primary text-primary-content rounded-full w-7 h-7 text-xs flex items-center justify-center">
                      {name.slice(0, 1).toUpperCase()}
                    </span>
                  </span>
                  <span class="hidden sm:inline">{name}</span>
                </button>
                <ul class="dropdown-content menu bg-base-100 rounded-box shadow-lg w-52 z-20 mt-2">
                  <li>
                    <a href="/account">
                      <Icon name="user" />
                      {v.t('nav.account')}
                    </a>
                  </li>
                  <li>
                    <form method="post" action="/logout" class="p-0">
                      <input type="hidden" name="_csrf" value={v.csrf} />
                      <button type="submit" class="flex gap-2 w-full px-3 py-1.5" data-logout>
                        <Icon name="logout" />
                        {v.t('nav.logout')}
                      </button>
                    </form>
                  </li>
                </ul>
              </div>
            </header>
            <main id="main" class="p-4 md:p-8 max-w-7xl w-full mx-auto">
              <div class="flex flex-wrap items-center gap-3 mb-6">
                <h1 class="text-2xl font-semibold grow">{title}</h1>
                {/* A page's buttons wrap onto more lines on a phone rather than run past its edge. */}
                {actions ? <div class="flex flex-wrap items-center gap-2 *:flex-wrap">{actions}</div> : null}
              </div>
              <FlashMessage v={v} />
              {children}
            </main>
          </div>
          <div class="drawer-side z-20">
            <label for="nav-drawer" class="drawer-overlay" aria-label={v.t('app.menu')} />
            <Sidebar v={v} />
          </div>
        </div>
      </div>
    </Document>
  );
}

/** A page for people not signed in (login, signup, setup): a centred card. */
export function AuthPage({
  v,
  title,
  children,
}: {
  v: ViewContext;
  title: string;
  children: ComponentChildren;
}) {
  return (
    <Document v={v} title={title}>
      <main id="main" class="min-h-screen flex flex-col items-center justify-center p-4 gap-6">
        <div class="flex items-center gap-3">
          <img src={v.assets.icon} alt="" class="size-12" />
          <div>
            <div class="text-3xl font-bold">{v.t('app.name')}</div>
            <div class="text-sm opacity-70">{v.t('app.tagline')}</div>
          </div>
        </div>
        <div class="card bg-base-100 shadow-xl w-full max-w-md">
          <div class="card-body">
            <h1 class="card-title text-2xl">{title}</h1>
            <FlashMessage v={v} />
            {children}
          </div>
        </div>
        <div class="flex items-center gap-2">
          <LanguageSwitch v={v} />
          <ThemeToggle v={v} />
        </div>
      </main>
    </Document>
  );
}
