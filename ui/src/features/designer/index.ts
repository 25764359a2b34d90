export { default as DesignerPage } from './DesignerPage.svelte';
export { default as DesignerList } from './DesignerList.svelte';
