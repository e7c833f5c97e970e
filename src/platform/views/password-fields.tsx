/**
 * A new password typed twice (`password`, `password2`), as every form that sets one asks for it: first-run setup,
 * sign-up, the account page and an admin's reset. The services check that both match (`passwords_mismatch`).
 */
import { Field } from './fields.js';
import type { FormState } from './form-state.js';
import type { ViewContext } from './layout.js';

export function PasswordFields({
  v,
  form,
  replacing = false,
}: {
  v: ViewContext;
  form: FormState;
  /** The password replaces one (account, reset): labelled "New password". */
  replacing?: boolean;
}) {
  return (
    <>
      <Field
        v={v}
        form={form}
        name="password"
        type="password"
        label={v.t(replacing ? 'field.new_password' : 'field.password')}
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
