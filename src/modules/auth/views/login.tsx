import {
  BrowserTimeZone,
  Csrf,
  Field,
  FormErrorSummary,
  type FormState,
} from '../../../platform/views/components.js';
import { AuthPage, type ViewContext } from '../../../platform/views/layout.js';

export function LoginPage({
  v,
  form,
  next,
  signupOpen,
}: {
  v: ViewContext;
  form: FormState;
  next: string;
  signupOpen: boolean;
}) {
  return (
    <AuthPage v={v} title={v.t('auth.login.title')}>
      <form method="post" action="/login" class="flex flex-col gap-1" data-login-form>
        <Csrf v={v} />
        <input type="hidden" name="next" value={next} />
        <BrowserTimeZone />
        <FormErrorSummary v={v} form={form} />
        <Field
          v={v}
          form={form}
          name="login"
          label={v.t('field.login')}
          required
          autocomplete="username"
          autofocus
          maxLength={254}
        />
        <Field
          v={v}
          form={form}
          name="password"
          type="password"
          label={v.t('field.password')}
          required
          autocomplete="current-password"
        />
        <button type="submit" class="btn btn-primary mt-4">
          {v.t('auth.login.submit')}
        </button>
      </form>
      {signupOpen ? (
        <p class="text-sm mt-2">
          {v.t('auth.login.no_account')}{' '}
          <a class="link link-primary" href="/signup">
            {v.t('auth.signup.submit')}
          </a>
        </p>
      ) : null}
    </AuthPage>
  );
}
