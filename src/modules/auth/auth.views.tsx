import {
  BrowserTimeZone,
  Csrf,
  Field,
  FormErrorSummary,
  type FormState,
} from '../../platform/views/components.js';
import { AuthPage, type ViewContext } from '../../platform/views/layout.js';

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

function AccountFields({ v, form }: { v: ViewContext; form: FormState }) {
  return (
    <>
      <BrowserTimeZone />
      <Field
        v={v}
        form={form}
        name="username"
        label={v.t('field.username')}
        required
        autocomplete="username"
        maxLength={150}
        autofocus
      />
      <div class="grid sm:grid-cols-2 gap-x-3">
        <Field
          v={v}
          form={form}
          name="first_name"
          label={v.t('field.first_name')}
          autocomplete="given-name"
          maxLength={150}
        />
        <Field
          v={v}
          form={form}
          name="last_name"
          label={v.t('field.last_name')}
          autocomplete="family-name"
          maxLength={150}
        />
      </div>
      <Field
        v={v}
        form={form}
        name="email"
        type="email"
        label={v.t('field.email')}
        required
        autocomplete="email"
        maxLength={254}
      />
      <Field
        v={v}
        form={form}
        name="position"
        label={v.t('field.position')}
        autocomplete="organization-title"
        maxLength={150}
      />
      <Field
        v={v}
        form={form}
        name="password"
        type="password"
        label={v.t('field.password')}
        required
        autocomplete="new-password"
      />
      <Field
        v={v}
        form={form}
        name="password2"
        type="password"
        label={v.t('field.password2')}
        required
        autocomplete="new-password"
      />
    </>
  );
}

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

export function SetupPage({ v, form }: { v: ViewContext; form: FormState }) {
  return (
    <AuthPage v={v} title={v.t('auth.setup.title')}>
      <p class="opacity-80">{v.t('auth.setup.intro')}</p>
      <form method="post" action="/setup" class="flex flex-col gap-1" data-setup-form>
        <Csrf v={v} />
        <FormErrorSummary v={v} form={form} />
        <AccountFields v={v} form={form} />
        <button type="submit" class="btn btn-primary mt-4">
          {v.t('auth.setup.submit')}
        </button>
      </form>
    </AuthPage>
  );
}
