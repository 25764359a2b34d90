// The designer's own strings, registered with svelte-i18n under "designer.*" (vi first, en).
import { addMessages } from 'svelte-i18n';
import { vi } from './strings.vi.ts';
import { en } from './strings.en.ts';
import * as services from './strings-services.ts';

addMessages('vi', vi);
addMessages('en', en);
addMessages('vi', services.vi);
addMessages('en', services.en);

export const designerMessages = { vi, en };
