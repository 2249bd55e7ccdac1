import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { currentLocale, i18n } from './i18n';
import './style.css';

document.documentElement.lang = currentLocale();
createApp(App).use(createPinia()).use(i18n).mount('#app');
