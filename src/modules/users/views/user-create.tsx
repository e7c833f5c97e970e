import { Card, type FormState } from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { type Option, UserForm } from './parts.js';

export function UserCreatePage({
  v,
  form,
  departments,
}: {
  v: ViewContext;
  form: FormState;
  departments: Option[];
}) {
  return (
    <AppPage v={v} title={v.t('users.new')}>
      <Card>
        <UserForm v={v} form={form} departments={departments} mode="create" />
      </Card>
    </AppPage>
  );
}
