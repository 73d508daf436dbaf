import { createApp } from 'vue';
import urql from '@urql/vue';
import App from './App.vue';
import { router } from './router';
import { makeClient } from './lib/client';
import { forgetToken } from './lib/session';
import './style.css';

const client = makeClient(() => {
  // A revoked or unknown token: forget it and ask again. Reloading drops every cached answer.
  forgetToken();
  if (window.location.pathname !== '/signin') window.location.assign('/signin');
});

createApp(App).use(router).use(urql, client).mount('#app');
