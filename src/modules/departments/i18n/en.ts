/** The departments module's strings in English: the source of truth, which ru.ts and fr.ts must match. */
export const en = {
  'departments.title': 'Departments',
  'departments.new': 'New department',
  'departments.edit': 'Edit department',
  'departments.created': 'Department created.',
  'departments.updated': 'Department saved.',
  'departments.deleted': 'Department deleted; its members are now without a department.',
  'departments.delete_confirm':
    'Delete the department {name}? Its members stay, without a department (members: {n}).',
  'error.department.name_taken': 'A department with this name already exists.',
  'error.department.not_found': 'No such department.',
  'error.department.changed_meanwhile': 'Someone else changed this department meanwhile.',
};

export type Strings = Record<keyof typeof en, string>;
