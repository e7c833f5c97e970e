/** The orders module's strings in every UI language, merged into the product's catalogs by the module list. */
import type { Catalogs } from '../../../platform/i18n/index.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { ru } from './ru.js';

type English = typeof en;
declare module '../../../platform/i18n/index.js' {
  interface ModuleMessages extends English {}
}

export const messages: Catalogs = { en, ru, fr };
