import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import type { ImportRow } from '../imports.table.js';
import { listHref, Outcome, Progress, StateBadge } from './parts.js';

export function ImportStatusPage({
  v,
  imp,
  title,
  self,
  running,
}: {
  v: ViewContext;
  imp: ImportRow;
  title: string;
  self: string;
  running: boolean;
}) {
  return (
    <AppPage
      v={v}
      title={title}
      actions={
        <a href={listHref(imp)} class="btn btn-sm">
          {v.t.dynamic(`imports.open.${imp.entity}`)}
        </a>
      }
    >
      <div
        id="import-status"
        hx-get={self}
        hx-trigger={running ? 'sse:imports.progress, every 2s' : 'sse:imports.progress'}
        hx-select="#import-status"
        hx-swap="outerHTML"
      >
        <p class="text-sm opacity-70 mb-4">
          {imp.fileName} · <StateBadge v={v} imp={imp} />
        </p>
        {running ? <Progress v={v} imp={imp} /> : <Outcome v={v} imp={imp} />}
      </div>
    </AppPage>
  );
}
