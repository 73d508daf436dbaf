import { START_LOCATION, createRouter, createWebHistory } from 'vue-router';
import { token } from './lib/session';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'overview', component: () => import('./pages/OverviewPage.vue') },
    { path: '/projects', name: 'projects', component: () => import('./pages/ProjectsPage.vue') },
    { path: '/projects/:projectKey', name: 'project', component: () => import('./pages/ProjectPage.vue'), props: true },
    { path: '/plans', name: 'plans', component: () => import('./pages/PlansPage.vue') },
    { path: '/reporting', name: 'reporting', component: () => import('./pages/ReportingPage.vue') },
    { path: '/signin', name: 'signin', component: () => import('./pages/SignInPage.vue') },
    { path: '/:rest(.*)', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  if (to.name !== 'signin' && !token.value) return { name: 'signin', query: { next: to.fullPath } };
  return true;
});

// Move focus to the page's heading after a navigation within the app, so keyboard and
// screen-reader users land on the new content rather than on the link they left. A first load
// leaves focus where the browser puts it, so the skip link comes first.
router.afterEach((_to, from) => {
  if (from === START_LOCATION) return;
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
});
