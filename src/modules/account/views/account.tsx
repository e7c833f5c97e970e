import { LOCALE_NAMES, LOCALES } from '../../../platform/i18n/index.js';
import { TIME_ZONES } from '../../../platform/time-zones.js';
import {
  Card,
  Csrf,
  Field,
  FormErrorSummary,
  type FormState,
  Select,
  SubmitRow,
  VersionField,
} from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { PasswordFields } from '../../../platform/views/password-fields.js';
import type { TokenListItem } from '../../api-tokens/index.js';
import { TokensPanel } from '../../api-tokens/internal.js';

/** The zones a user may pick, offered once per page (browsers filter a datalist as one types). */
export const TimeZoneList = () => (
  <datalist id="time-zones">
    {TIME_ZONES.map((z) => (
      <option value={z} />
    ))}
  </datalist>
);

export function AccountPage({
  v,
  forms,
  tokens,
  companyZone,
}: {
  v: ViewContext;
  forms: Forms;
  tokens: TokenListItem[];
  companyZone: string;
}) {
  return (
    <AppPage v={v} title={v.t('account.title')}>
      <div class="grid gap-6 lg:grid-cols-2">
        <Card title={v.t('account.profile')}>
          <form method="post" action="/account/profile" data-profile-form>
            <Csrf v={v} />
            <VersionField form={forms.profile} />
            <FormErrorSummary v={v} form={forms.profile} />
            <div class="grid sm:grid-cols-2 gap-x-4">
              <Field
                v={v}
                form={forms.profile}
                name="first_name"
                label={v.t('field.first_name')}
                maxLength={150}
              />
              <Field
                v={v}
                form={forms.profile}
                name="last_name"
                label={v.t('field.last_name')}
                maxLength={150}
              />
            </div>
            <Field
              v={v}
              form={forms.profile}
              name="email"
              type="email"
              label={v.t('field.email')}
              required
              maxLength={254}
            />
            <Field v={v} form={forms.profile} name="position" label={v.t('field.position')} maxLength={150} />
            <Select
              v={v}
              form={forms.profile}
              name="locale"
              label={v.t('field.locale')}
              options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            />
            <Field
              v={v}
              form={forms.profile}
              name="time_zone"
              label={v.t('field.time_zone')}
              list="time-zones"
              placeholder={companyZone}
              maxLength={64}
              autocomplete="off"
              hint={v.t('account.time_zone_hint', { zone: companyZone })}
            />
            <TimeZoneList />
            <SubmitRow>
              <button type="submit" class="btn btn-primary">
                {v.t('common.save')}
              </button>
            </SubmitRow>
          </form>
        </Card>
        <Card title={v.t('account.password')}>
          <form method="post" action="/account/password" data-password-form>
            <Csrf v={v} />
            <FormErrorSummary v={v} form={forms.password} />
            <Field
              v={v}
              form={forms.password}
              name="current_password"
              type="password"
              label={v.t('field.current_password')}
              required
              autocomplete="current-password"
            />
            <PasswordFields v={v} form={forms.password} replacing />
            <SubmitRow>
              <button type="submit" class="btn btn-primary">
                {v.t('common.save')}
              </button>
            </SubmitRow>
          </form>
        </Card>
        <div class="lg:col-span-2">
          <Card title={v.t('tokens.personal.title')}>
            <p class="opacity-80">{v.t('tokens.personal.intro')}</p>
            <TokensPanel
              v={v}
              tokens={tokens}
              form={forms.token}
              created={forms.created}
              action="/account/tokens"
              showOwner={false}
            />
          </Card>
        </div>
      </div>
    </AppPage>
  );
}

export interface Forms {
  profile: FormState;
  password: FormState;
  token: FormState;
  created?: string | undefined;
}
