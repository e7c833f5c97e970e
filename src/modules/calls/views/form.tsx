/** The form of a call logged (or changed) by hand. */
import {
  Csrf,
  Field,
  FormErrorSummary,
  type FormState,
  Select,
  SubmitRow,
  TextArea,
  VersionField,
} from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { LEAD_RESULTS } from '../calls.table.js';

export function CallFormPage({
  v,
  form,
  title,
  action,
  contact,
}: {
  v: ViewContext;
  form: FormState;
  title: string;
  action: string;
  /** The contact the call is with (then no company name is needed). */
  contact?: { id: number; name: string } | undefined;
}) {
  return (
    <AppPage v={v} title={title}>
      <form
        method="post"
        action={action}
        class="card bg-base-100 border border-base-300 max-w-3xl"
        data-call-log-form
      >
        <div class="card-body">
          <Csrf v={v} />
          <VersionField form={form} />
          <FormErrorSummary v={v} form={form} />
          {contact ? (
            <p class="text-sm" data-call-contact={contact.id}>
              <span class="opacity-60">{v.t('calls.contact')}: </span>
              <a href={`/contacts/${contact.id}`} class="link font-medium">
                {contact.name}
              </a>
            </p>
          ) : null}
          <div class="grid gap-x-4 md:grid-cols-2">
            <Field
              v={v}
              form={form}
              name="company_name"
              label={v.t('calls.company_name')}
              required={!contact && !form.values.company_id}
              maxLength={200}
            />
            <Field v={v} form={form} name="phone" label={v.t('calls.phone')} type="tel" maxLength={40} />
            <Field v={v} form={form} name="person_name" label={v.t('calls.person_name')} maxLength={200} />
            <Field v={v} form={form} name="position" label={v.t('calls.position')} maxLength={200} />
            <Field
              v={v}
              form={form}
              name="responsibility"
              label={v.t('calls.responsibility')}
              maxLength={200}
            />
            <Field v={v} form={form} name="area" label={v.t('calls.area')} maxLength={200} />
            <Field v={v} form={form} name="data_type" label={v.t('calls.data_type')} maxLength={200} />
            <Field v={v} form={form} name="amount" label={v.t('calls.amount')} maxLength={100} />
            <Field v={v} form={form} name="price_per_month" label={v.t('calls.price_per_month')} />
            <Field v={v} form={form} name="price_per_file" label={v.t('calls.price_per_file')} />
            <Select
              v={v}
              form={form}
              name="lead_result"
              label={v.t('calls.lead_result')}
              options={LEAD_RESULTS.map((r) => ({ value: r, label: v.t.dynamic(`calls.lead.${r}`) }))}
            />
            <Field v={v} form={form} name="fail_reason" label={v.t('calls.fail_reason')} maxLength={500} />
            <Field v={v} form={form} name="called_at" label={v.t('calls.called_at')} type="datetime-local" />
            <Field v={v} form={form} name="next_step" label={v.t('calls.next_step')} maxLength={1000} />
          </div>
          <TextArea v={v} form={form} name="description" label={v.t('calls.description')} maxLength={5000} />
          <input type="hidden" name="contact_id" value={String(form.values.contact_id ?? '')} />
          <input type="hidden" name="company_id" value={String(form.values.company_id ?? '')} />
          <SubmitRow>
            <button type="submit" class="btn btn-primary">
              {v.t('common.save')}
            </button>
            <a href="/calls" class="btn btn-ghost">
              {v.t('common.cancel')}
            </a>
          </SubmitRow>
        </div>
      </form>
    </AppPage>
  );
}
