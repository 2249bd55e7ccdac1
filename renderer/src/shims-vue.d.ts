// For tools that read .vue imports without Vue's language service (typescript-eslint).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
