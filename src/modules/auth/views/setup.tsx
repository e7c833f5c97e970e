import { Csrf, FormErrorSummary, type FormState } from '../../../platform/views/components.js';
import { AuthPage, type ViewContext } from '../../../platform/views/layout.js';
import { AccountFields } from './parts.js';

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
