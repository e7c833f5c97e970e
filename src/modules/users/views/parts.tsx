import { ROLES } from '../../../platform/auth/roles.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import { LOCALE_NAMES, LOCALES } from '../../../platform/i18n/index.js';
import {
  Checkboxes,
  Csrf,
  Field,
  FormErrorSummary,
  type FormState,
  Select,
  SubmitRow,
  Toggle,
  VersionField,
} from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/layout.js';
import { PasswordFields } from '../../../platform/views/password-fields.js';

/** An account's fields as a "changed meanwhile" notice names them (the admin's form and the user's own). */
export const USER_FIELD_LABELS: Record<string, MessageKey> = {
  username: 'field.username',
  email: 'field.email',
  first_name: 'field.first_name',
  last_name: 'field.last_name',
  position: 'field.position',
  department_id: 'field.department',
  locale: 'field.locale',
  time_zone: 'field.time_zone',
};

export function UserForm({
  v,
  form,
  departments,
  mode,
  userId,
}: {
  v: ViewContext;
  form: FormState;
  departments: Option[];
  mode: 'create' | 'edit';
  userId?: number;
}) {
  return (
    <form
      method="post"
      action={mode === 'create' ? '/admin/users/new' : `/admin/users/${userId}`}
      class="max-w-2xl"
      data-user-form
    >
      <Csrf v={v} />
      <VersionField form={form} />
      <FormErrorSummary v={v} form={form} />
      <div class="grid sm:grid-cols-2 gap-x-4">
        <Field v={v} form={form} name="username" label={v.t('field.username')} required maxLength={150} />
        <Field
          v={v}
          form={form}
          name="email"
          type="email"
          label={v.t('field.email')}
          required
          maxLength={254}
        />
        <Field v={v} form={form} name="first_name" label={v.t('field.first_name')} maxLength={150} />
        <Field v={v} form={form} name="last_name" label={v.t('field.last_name')} maxLength={150} />
        <Field v={v} form={form} name="position" label={v.t('field.position')} maxLength={150} />
        <Select
          v={v}
          form={form}
          name="department_id"
          label={v.t('field.department')}
          options={departments}
          empty={v.t('common.none')}
        />
        <Select
          v={v}
          form={form}
          name="locale"
          label={v.t('field.locale')}
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
          empty={v.t('common.none')}
        />
        {mode === 'create' ? <PasswordFields v={v} form={form} /> : null}
      </div>
      <Checkboxes
        v={v}
        form={form}
        name="roles"
        label={v.t('field.roles')}
        options={ROLES.map((r) => ({ value: r, label: v.t(`role.${r}`), hint: v.t(`role.${r}.hint`) }))}
      />
      <Toggle v={v} form={form} name="active" label={v.t('field.active')} />
      <SubmitRow>
        <button type="submit" class="btn btn-primary">
          {v.t(mode === 'create' ? 'common.create' : 'common.save')}
        </button>
        <a href="/admin/users" class="btn btn-ghost">
          {v.t('common.cancel')}
        </a>
      </SubmitRow>
    </form>
  );
}

export interface Option {
  value: string | number;
  label: string;
}
