import {
  Card,
  Csrf,
  FormErrorSummary,
  type FormState,
  SubmitRow,
} from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { PasswordFields } from '../../../platform/views/password-fields.js';
import { type Option, UserForm } from './parts.js';

export function UserEditPage({
  v,
  form,
  passwordForm,
  departments,
  userId,
  title,
}: {
  v: ViewContext;
  form: FormState;
  passwordForm: FormState;
  departments: Option[];
  userId: number;
  title: string;
}) {
  return (
    <AppPage v={v} title={title}>
      <div class="grid gap-6 xl:grid-cols-3">
        <div class="xl:col-span-2">
          <Card>
            <UserForm v={v} form={form} departments={departments} mode="edit" userId={userId} />
          </Card>
        </div>
        <Card title={v.t('users.reset_password')}>
          <form method="post" action={`/admin/users/${userId}/password`} data-password-reset>
            <Csrf v={v} />
            <FormErrorSummary v={v} form={passwordForm} />
            <PasswordFields v={v} form={passwordForm} replacing />
            <SubmitRow>
              <button type="submit" class="btn btn-warning">
                {v.t('users.reset_password')}
              </button>
            </SubmitRow>
          </form>
        </Card>
      </div>
    </AppPage>
  );
}
