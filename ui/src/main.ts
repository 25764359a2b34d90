import { mount } from 'svelte';
import { get } from 'svelte/store';
import '@sjsf/basic-theme/css/basic.css';
import './app.css';
import App from './App.svelte';
import { setupI18n, lang } from './lib/i18n/index.ts';
import { setApiLanguage } from './lib/api/index.ts';
import { session } from './lib/session.svelte.ts';
import { pwa } from './lib/pwa.svelte.ts';

setupI18n();
lang.subscribe((l) => {
  setApiLanguage(l);
  document.documentElement.lang = l;
});
setApiLanguage(get(lang));
void session.restore();
pwa.start();

const target = document.getElementById('app');
if (!target) throw new Error('index.html must contain <div id="app">');
export default mount(App, { target });
