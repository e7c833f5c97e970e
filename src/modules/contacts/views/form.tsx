/** The contact form: create and edit, with the duplicate warning and "save anyway" for a shared phone. */
import { displayName } from '../../../platform/auth/roles.js';
import {
  Csrf,
  Field,
  FormErrorSummary,
  type FormState,
  SearchSelect,
  Select,
  SubmitRow,
  VersionField,
} from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/layout.js';
import { AppPage } from '../../../platform/views/layout.js';
import { CONTACT_STATUSES } from '../contacts.table.js';
import type { Person } from './parts.js';

export function ContactFormPage({
  v,
  form,
  people,
  companyName,
  contactId,
  title,
}: {
  v: ViewContext;
  form: FormState;
  people: Person[];
  /** The chosen company's name (its id is the form's `company_id`). */
  companyName?: string | undefined;
  contactId?: number;
  title: string;
}) {
  const duplicateOf = (form.errors.email?.params?.id ?? form.errors.mobile_phone?.params?.id) as
    | number
    | undefined;
  return (
    <AppPage v={v} title={title}>
      <div class="card bg-base-100 border border-base-300 max-w-2xl">
        <form
          method="post"
          action={contactId ? `/contacts/${contactId}/edit` : '/contacts/new'}
          class="card-body"
          data-contact-form
        >
          <Csrf v={v} />
          <VersionField form={form} />
          <FormErrorSummary v={v} form={form} />
          {duplicateOf ? (
            <div role="alert" class="alert alert-warning text-sm" data-duplicate>
              <span>
                {v.t('contacts.duplicate')}{' '}
                <a href={`/contacts/${duplicateOf}`} class="link font-medium">
                  {v.t('contacts.open_existing')}
                </a>
              </span>
            </div>
          ) : null}
          <div class="grid sm:grid-cols-3 gap-x-4">
            <Field
              v={v}
              form={form}
              name="last_name"
              label={v.t('field.last_name')}
              required
              maxLength={50}
              autofocus
            />
            <Field
              v={v}
              form={form}
              name="first_name"
              label={v.t('field.first_name')}
              required
              maxLength={50}
            />
            <Field v={v} form={form} name="middle_name" label={v.t('contacts.middle_name')} maxLength={50} />
          </div>
          <div class="grid sm:grid-cols-2 gap-x-4">
            <Field
              v={v}
              form={form}
              name="email"
              type="email"
              label={v.t('field.email')}
              required
              maxLength={254}
            />
            <Field
              v={v}
              form={form}
              name="mobile_phone"
              type="tel"
              label={v.t('contacts.phone')}
              hint={v.t('contacts.phone_hint')}
              maxLength={40}
            />
          </div>
          {form.errors.mobile_phone?.code === 'phone_exists' ? (
            <label class="label text-sm gap-2">
              <input type="checkbox" name="confirm_duplicate" value="1" class="checkbox checkbox-sm" />
              {v.t('contacts.save_anyway')}
            </label>
          ) : null}
          <div class="grid sm:grid-cols-3 gap-x-4">
            <Select
              v={v}
              form={form}
              name="status"
              label={v.t('common.status')}
              options={CONTACT_STATUSES.map((s) => ({
                value: s,
                label: v.t.dynamic(`contacts.status.${s}`),
              }))}
            />
            <Select
              v={v}
              form={form}
              name="assigned_user_id"
              label={v.t('contacts.assigned')}
              empty={v.t('common.none')}
              options={people.map((p) => ({ value: p.id, label: displayName(p) }))}
            />
            <Field
              v={v}
              form={form}
              name="next_interaction_on"
              type="date"
              label={v.t('contacts.next_interaction')}
            />
          </div>
          <SearchSelect
            v={v}
            form={form}
            name="company_id"
            label={v.t('contacts.company')}
            choicesUrl="/companies/choices"
            current={companyName}
            searchLabel={v.t('companies.search_hint')}
            empty={v.t('companies.none')}
          />
          <SubmitRow>
            <button type="submit" class="btn btn-primary">
              {v.t('common.save')}
            </button>
            <a href={contactId ? `/contacts/${contactId}` : '/contacts'} class="btn btn-ghost">
              {v.t('common.cancel')}
            </a>
          </SubmitRow>
        </form>
      </div>
    </AppPage>
  );
}
