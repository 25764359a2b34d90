// `node --import tsx --import ./register.mjs server/main.ts` starts "the next release": today's
// code with one more migration (./migrations.ts). A resolve hook swaps the list of migrations;
// nothing in server/ knows.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
