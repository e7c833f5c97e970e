/** The welcome page (seed 000 `/welcome/`): greets the user by name and links to every section they can use. */
import type { FastifyInstance } from 'fastify';
import { can } from '../../platform/auth/policy.js';
import { displayName } from '../../platform/auth/roles.js';
import { sendHtml, viewContext } from '../../platform/http/render.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { Icon } from '../../platform/views/icons.js';
import { AppPage, type ViewContext } from '../../platform/views/layout.js';

interface Tile {
  href: string;
  label: MessageKey;
  /** The key of the tile's text: a menu entry's comes from its address (data), so it may have none. */
  text: string;
  icon: string;
}

function WelcomePage({ v }: { v: ViewContext }) {
  const actor = v.actor!;
  const fromNav: Tile[] = v.nav
    .filter((n) => !n.action || can(actor, n.action))
    .map((n) => ({
      href: n.href,
      label: n.label,
      icon: n.icon,
      text: `welcome.section.${n.href.split('/').filter(Boolean).pop()}`,
    }));
  const tiles: Tile[] = [
    ...fromNav,
    { href: '/account', label: 'nav.account', text: 'welcome.section.account', icon: 'user' },
    { href: '/api/docs', label: 'nav.api_docs', text: 'welcome.section.api_docs', icon: 'book' },
  ];
  const roles = actor.roles.map((r) => v.t(`role.${r}`)).join(', ');
  return (
    <AppPage v={v} title={v.t('welcome.title')}>
      <div class="hero bg-base-100 rounded-box border border-base-300 mb-6">
        <div class="hero-content w-full max-w-none justify-start flex-col items-start py-8">
          <h2 class="text-3xl font-bold" data-greeting>
            {v.t('welcome.greeting', { name: displayName(actor) })}
          </h2>
          <p class="opacity-80">{v.t('welcome.intro')}</p>
          <p class="text-sm opacity-70">
            {roles ? v.t('welcome.roles', { roles }) : v.t('welcome.no_roles')}
          </p>
        </div>
      </div>
      <div class="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {tiles.map((tile) => (
          <a
            href={tile.href}
            class="card bg-base-100 border border-base-300 hover:border-primary hover:shadow-md transition"
            data-tile
          >
            <div class="card-body flex-row items-start gap-4">
              <span class="rounded-box bg-primary/10 text-primary p-3">
                <Icon name={tile.icon} class="size-6" />
              </span>
              <div>
                <h3 class="font-semibold text-lg">{v.t(tile.label)}</h3>
                <p class="text-sm opacity-75" data-tile-text>
                  {v.t.dynamic(tile.text, {}, '')}
                </p>
              </div>
            </div>
          </a>
        ))}
      </div>
    </AppPage>
  );
}

export function homePages(app: FastifyInstance) {
  app.get('/welcome', async (request, reply) =>
    sendHtml(reply, <WelcomePage v={viewContext(request, reply)} />),
  );
  // Seed 000's address with its trailing slash.
  app.get('/welcome/', async (_request, reply) => reply.redirect('/welcome'));
}
