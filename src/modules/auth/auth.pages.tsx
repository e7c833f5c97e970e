/** Sign-in, sign-out, sign-up, first-run setup and the language switch (HTML). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { AppError, type ErrorCode } from '../../platform/errors.js';
import { ensureCsrfToken, sessionCsrfToken } from '../../platform/http/csrf.js';
import { setFlash } from '../../platform/http/flash.js';
import {
  formValues,
  redirect,
  safeNext,
  sendHtml,
  submitForm,
  viewContext,
} from '../../platform/http/render.js';
import { getTranslate, isLocale } from '../../platform/i18n/index.js';
import { emptyForm } from '../../platform/views/components.js';
import { createFirstAdmin, setOwnLocale, signUp } from '../users/users.service.js';
import { AuthFormFields } from './auth.contract.js';
import { knownDeviceOf, rememberDevice, SESSION_COOKIE, sessionCookieOptions } from './auth.hooks.js';
import { loginWithPassword, logout } from './auth.service.js';
import { LoginPage } from './views/login.js';
import { SetupPage } from './views/setup.js';
import { SignupPage, SignupPendingPage } from './views/signup.js';

export function authPages(app: FastifyInstance, deps: Deps) {
  const rateLimit = { max: deps.config.loginRateLimit, timeWindow: '1 minute' };
  const passwordRoute = { config: { public: true }, onRequest: app.sovaPasswordLimit };

  async function startSession(request: FastifyRequest, reply: FastifyReply, body: AuthFormFields) {
    const { token, sessionId, userId } = await loginWithPassword(
      request.ctx,
      { login: body.login ?? body.username, password: body.password },
      { knownDeviceUserId: knownDeviceOf(request), browserTimeZone: body.time_zone },
    );
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(request, deps.config.sessionTtlHours * 3600));
    rememberDevice(request, reply, userId);
    // The session's CSRF token from now on (the next page would set it too).
    ensureCsrfToken(request, reply, sessionCsrfToken(deps.config.secret, sessionId));
  }

  app.get('/', async (request, reply) => reply.redirect(request.actor ? '/welcome' : '/login'));

  app.get('/setup', { config: { public: true } }, async (request, reply) => {
    if (await app.sovaHasUsers()) return reply.redirect('/login');
    return sendHtml(reply, <SetupPage v={viewContext(request, reply)} form={emptyForm()} />);
  });

  app.post('/setup', { config: { public: true, rateLimit } }, async (request, reply) => {
    if (await app.sovaHasUsers()) return reply.code(303).redirect('/login');
    const body = AuthFormFields.parse(request.body);
    const result = await submitForm(() => createFirstAdmin(request.ctx, request.body ?? {}));
    if (!result.ok) {
      const form = { values: formValues(request.body), errors: result.errors };
      return sendHtml(reply, <SetupPage v={viewContext(request, reply)} form={form} />, 422);
    }
    await startSession(request, reply, {
      login: body.username,
      password: body.password,
      time_zone: body.time_zone,
    });
    setFlash(reply, { kind: 'success', key: 'auth.setup.done' });
    return redirect(request, reply, '/welcome');
  });

  app.get('/login', { config: { public: true } }, async (request, reply) => {
    if (!(await app.sovaHasUsers())) return reply.redirect('/setup');
    const next = safeNext(formValues(request.query).next);
    if (request.actor) return redirect(request, reply, next, 302);
    return sendHtml(
      reply,
      <LoginPage
        v={viewContext(request, reply)}
        form={emptyForm()}
        next={next}
        signupOpen={deps.config.signup !== 'closed'}
      />,
    );
  });

  app.post('/login', passwordRoute, async (request, reply) => {
    const body = AuthFormFields.parse(request.body);
    const next = safeNext(body.next);
    try {
      await startSession(request, reply, body);
    } catch (err) {
      if (
        !(err instanceof AppError) ||
        !['unauthenticated', 'forbidden', 'invalid', 'rate_limited'].includes(err.kind)
      )
        throw err;
      const locked = err.kind === 'rate_limited';
      const code: ErrorCode = locked
        ? 'auth.login.locked'
        : err.code === 'auth.inactive'
          ? 'auth.login.inactive'
          : 'auth.login.invalid';
      if (locked) reply.header('retry-after', String(err.params.seconds));
      // Minutes, rounded up, read better than seconds on a page; Retry-After keeps the exact wait.
      const params = { minutes: Math.ceil(Number(err.params.seconds ?? 60) / 60) };
      const form = { values: { login: body.login }, errors: { _: { code, params } } };
      return sendHtml(
        reply,
        <LoginPage
          v={viewContext(request, reply)}
          form={form}
          next={next}
          signupOpen={deps.config.signup !== 'closed'}
        />,
        locked ? 429 : err.kind === 'forbidden' ? 403 : 401,
      );
    }
    return redirect(request, reply, next);
  });

  app.post('/logout', { config: { public: true } }, async (request, reply) => {
    await logout(request.ctx);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    setFlash(reply, { kind: 'info', key: 'auth.logout.done' });
    return redirect(request, reply, '/login');
  });

  app.get('/signup', { config: { public: true } }, async (request, reply) => {
    if (!(await app.sovaHasUsers())) return reply.redirect('/setup');
    const closed = deps.config.signup === 'closed';
    return sendHtml(
      reply,
      <SignupPage v={viewContext(request, reply)} form={emptyForm()} closed={closed} />,
      closed ? 403 : 200,
    );
  });

  app.post('/signup', { config: { public: true, rateLimit } }, async (request, reply) => {
    if (!(await app.sovaHasUsers())) return reply.code(303).redirect('/setup');
    const body = AuthFormFields.parse(request.body);
    const result = await submitForm(() => signUp(request.ctx, request.body ?? {}));
    if (!result.ok) {
      const form = { values: formValues(request.body), errors: result.errors };
      return sendHtml(reply, <SignupPage v={viewContext(request, reply)} form={form} closed={false} />, 422);
    }
    if (!result.value.active) return redirect(request, reply, '/signup/pending');
    await startSession(request, reply, {
      login: body.username,
      password: body.password,
      time_zone: body.time_zone,
    });
    setFlash(reply, { kind: 'success', key: 'auth.signup.welcome' });
    return redirect(request, reply, '/welcome');
  });

  app.get('/signup/pending', { config: { public: true } }, async (request, reply) =>
    sendHtml(reply, <SignupPendingPage v={viewContext(request, reply)} />),
  );

  /** The language switch: remembered on the account when signed in, in a cookie otherwise. */
  app.post('/lang', { config: { public: true } }, async (request, reply) => {
    const body = AuthFormFields.parse(request.body);
    const locale = isLocale(body.locale) ? body.locale : undefined;
    if (locale) {
      reply.setCookie('sova_lang', locale, {
        path: '/',
        sameSite: 'lax',
        maxAge: 365 * 86400,
        httpOnly: true,
      });
      if (request.actor) await setOwnLocale(request.ctx, locale);
      request.t = getTranslate(locale, request.t.timeZone, deps.config.currency);
    }
    return redirect(request, reply, safeNext(body.next, request.actor ? '/welcome' : '/login'));
  });
}
