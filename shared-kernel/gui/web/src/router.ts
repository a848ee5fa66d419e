import { createRouter, createWebHistory, type LocationQueryRaw } from 'vue-router'
import { moment } from './moment'
import { whenUnauthenticated } from './api/client'
import OverviewView from './views/OverviewView.vue'
import LoginView from './views/LoginView.vue'
import ZonesView from './views/ZonesView.vue'
import MeshesView from './views/MeshesView.vue'
import MeshView from './views/MeshView.vue'
import DataplanesView from './views/DataplanesView.vue'
import DataplaneView from './views/DataplaneView.vue'
import PoliciesView from './views/PoliciesView.vue'
import PolicyView from './views/PolicyView.vue'
import TimelineView from './views/TimelineView.vue'
import DiffView from './views/DiffView.vue'
import WhatIfView from './views/WhatIfView.vue'

export const router = createRouter({
  history: createWebHistory('/gui/'),
  routes: [
    { path: '/', name: 'overview', component: OverviewView },
    { path: '/login', name: 'login', component: LoginView },
    { path: '/zones', name: 'zones', component: ZonesView },
    { path: '/meshes', name: 'meshes', component: MeshesView },
    { path: '/meshes/:mesh', name: 'mesh', component: MeshView },
    { path: '/meshes/:mesh/dataplanes', name: 'dataplanes', component: DataplanesView },
    { path: '/meshes/:mesh/dataplanes/:name', name: 'dataplane', component: DataplaneView },
    { path: '/meshes/:mesh/whatif', name: 'whatif', component: WhatIfView },
    { path: '/meshes/:mesh/policies/:kind', name: 'policies', component: PoliciesView },
    { path: '/meshes/:mesh/policies/:kind/:name', name: 'policy', component: PolicyView },
    { path: '/timeline', name: 'timeline', component: TimelineView },
    { path: '/diff', name: 'diff', component: DiffView },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

// The moment is part of the URL (`?at=`): a link or a reload shows the same past.
router.beforeEach((to) => {
  const at = to.query.at
  moment.at = typeof at === 'string' && at !== '' ? at : null
})

whenUnauthenticated(() => {
  if (router.currentRoute.value.name !== 'login') {
    void router.push({ name: 'login', query: { then: router.currentRoute.value.fullPath } })
  }
})

/** The GUI at another moment (null: now), on the same page. */
export function moveTo(at: string | null): void {
  const query: LocationQueryRaw = { ...router.currentRoute.value.query }
  if (at) query.at = at
  else delete query.at
  void router.push({ query })
}

/** A link inside the GUI that keeps the moment it is looked at. */
export function keepMoment(path: string, query: LocationQueryRaw = {}): { path: string; query: LocationQueryRaw } {
  return { path, query: moment.at ? { ...query, at: moment.at } : query }
}
