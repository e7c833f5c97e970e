import {
  Card,
  Csrf,
  DeleteButton,
  Field,
  FormErrorSummary,
  type FormState,
  Select,
  SubmitRow,
  TextArea,
  VersionField,
} from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';

export function DepartmentFormPage({
  v,
  form,
  managers,
  id,
  members = 0,
}: {
  v: ViewContext;
  form: FormState;
  managers: { value: number; label: string }[];
  id?: number;
  /** How many users belong to it (what deleting it leaves without a department). */
  members?: number;
}) {
  return (
    <AppPage v={v} title={v.t(id ? 'departments.edit' : 'departments.new')}>
      <Card>
        <form
          method="post"
          action={id ? `/admin/departments/${id}` : '/admin/departments/new'}
          class="max-w-xl"
          data-department-form
        >
          <Csrf v={v} />
          <VersionField form={form} />
          <FormErrorSummary v={v} form={form} />
          <Field v={v} form={form} name="name" label={v.t('field.name')} required maxLength={150} />
          <TextArea v={v} form={form} name="description" label={v.t('field.description')} maxLength={2000} />
          <Select
            v={v}
            form={form}
            name="manager_id"
            label={v.t('field.manager')}
            options={managers}
            empty={v.t('common.none')}
          />
          <SubmitRow>
            <button type="submit" class="btn btn-primary">
              {v.t(id ? 'common.save' : 'common.create')}
            </button>
            <a href="/admin/departments" class="btn btn-ghost">
              {v.t('common.cancel')}
            </a>
          </SubmitRow>
        </form>
        {id ? (
          <DeleteButton
            v={v}
            action={`/admin/departments/${id}/delete`}
            confirm={v.t('departments.delete_confirm', {
              name: String(form.values.name ?? ''),
              n: v.t.number(members),
            })}
            class="mt-6 border-t border-base-300 pt-4"
            outline
            can="departments.manage"
          />
        ) : null}
      </Card>
    </AppPage>
  );
}
