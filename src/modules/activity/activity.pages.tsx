/** The activity log page (handlers; the page itself is in views/). */
import type { FastifyInstance } from 'fastify';
import { pageRequest, queryDate, queryEnum, queryInt, queryString } from '../../platform/http/query.js';
import { formValues, sendHtml, viewContext } from '../../platform/http/render.js';
import { listUsersForPicker } from '../users/internal.js';
import { ACTIVITY_ACTIONS, listActivity } from './activity.service.js';
import { ActivityLogPage } from './views/activity-log.js';

export function activityPages(app: FastifyInstance) {
  app.get('/admin/activity', async (request, reply) => {
    const q = formValues(request.query);
    const ctx = request.ctx;
    const filter = {
      actorId: queryInt(q, 'actor'),
      action: queryEnum(q, 'action', ACTIVITY_ACTIONS),
      from: queryDate(q, 'from', request.t.timeZone),
      to: queryDate(q, 'to', request.t.timeZone, true),
    };
    const page = await listActivity(ctx, filter, pageRequest(q, 50));
    const query = {
      actor: filter.actorId,
      action: filter.action,
      from: queryString(q, 'from', 10),
      to: queryString(q, 'to', 10),
    };
    const people = await listUsersForPicker(ctx);
    return sendHtml(
      reply,
      <ActivityLogPage v={viewContext(request, reply)} page={page} people={people} query={query} />,
    );
  });
}
