import { Csrf, FormErrorSummary, type FormState } from '../../../platform/views/components.js';
import { AuthPage, type ViewContext } from '../../../platform/views/layout.js';
import { AccountFields } from './parts.js';

export function SignupPage({ v, form, closed }: { v: ViewContext; form: FormState; closed: boolean }) {
  return (
    <AuthPage v={v} title={v.t('auth.signup.title')}>
      {closed ? (
        <div role="alert" class="alert alert-warning alert-soft">
          {v.t('auth.signup.closed')}
        </div>
      ) : (
        <form method="post" action="/signup" class="flex flex-col gap-1" data-signup-form>
          <Csrf v={v} />
          <FormErrorSummary v={v} form={form} />
          <AccountFields v={v} form={form} />
          <button type="submit" class="btn btn-primary mt-4">
            {v.t('auth.signup.submit')}
          </button>
        </form>
      )}
      <p class="text-sm mt-2">
        {v.t('auth.signup.have_account')}{' '}
        <a class="link link-primary" href="/login">
          {v.t('auth.login.submit')}
        </a>
      </p>
    </AuthPage>
  );
}

export function SignupPendingPage({ v }: { v: ViewContext }) {
  return (
    <AuthPage v={v} title={v.t('auth.signup.pending.title')}>
      <p data-signup-pending>{v.t('auth.signup.pending.text')}</p>
      <a class="btn btn-ghost mt-4" href="/login">
        {v.t('auth.login.submit')}
      </a>
    </AuthPage>
  );
}
