import { BrowserTimeZone, Field, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/layout.js';
import { PasswordFields } from '../../../platform/views/password-fields.js';

export function AccountFields({ v, form }: { v: ViewContext; form: FormState }) {
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
      <PasswordFields v={v} form={form} />
    </>
  );
}
