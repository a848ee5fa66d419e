import { describe, expect, it } from 'vitest'
import { changeLine, fieldErrors, proxiesByZone, resourceLines, type WhatIfAnswer } from './whatif'

// An answer as `POST /meshes/default/_whatif` gives it for a longer request timeout.
const answer: WhatIfAnswer = {
  mesh: 'default',
  resources: {
    added: [{ type: 'MeshTimeout', mesh: 'default', name: 'new-timeout' }],
    removed: [],
    changed: [
      {
        type: 'MeshTimeout',
        mesh: 'default',
        name: 'web-timeout',
        changes: [{ path: 'spec.to[0].default.http.requestTimeout', before: '5s', after: '9s' }],
      },
    ],
  },
  affectedProxies: 3,
  proxies: [
    {
      mesh: 'default',
      name: 'web-2',
      zone: 'zone-1',
      change: 'updated',
      xds: {
        routes: {
          added: [],
          removed: [],
          changed: [{ name: 'outbound:api', changes: [{ path: 'virtualHosts[0].routes[0].route.timeout', before: '5s', after: '9s' }] }],
        },
      },
    },
    {
      mesh: 'default',
      name: 'db-1',
      zone: 'zone-2',
      change: 'registered',
      xds: { listeners: { added: ['inbound:10.0.0.3:5432'], removed: [], changed: [] } },
    },
    {
      mesh: 'default',
      name: 'web-1',
      zone: 'zone-1',
      change: 'updated',
      xds: {
        clusters: { added: [], removed: ['old'], changed: [{ name: 'api', changes: [{ path: 'connectTimeout', after: '1s' }] }] },
        listeners: { added: ['outbound:10001'], removed: [], changed: [] },
      },
    },
  ],
}

describe('a what-if answer', () => {
  it('shows each changed field as path: before → after, a missing side as a dash', () => {
    expect(changeLine({ path: 'spec.x', before: '5s', after: '9s' })).toBe('spec.x: "5s" → "9s"')
    expect(changeLine({ path: 'spec.port', before: 80 })).toBe('spec.port: 80 → —')
  })

  it('groups the affected proxies by zone, zones and proxies by name, xDS types in serving order', () => {
    const zones = proxiesByZone(answer)
    expect(zones.map((z) => z.zone)).toEqual(['zone-1', 'zone-2'])
    expect(zones[0].proxies.map((p) => p.name)).toEqual(['web-1', 'web-2'])
    const web1 = zones[0].proxies[0]
    expect(web1.sections.map((s) => s.type)).toEqual(['listeners', 'clusters'])
    expect(web1.sections[0].added).toEqual(['outbound:10001'])
    expect(web1.sections[1]).toEqual({
      type: 'clusters',
      added: [],
      removed: ['old'],
      changed: [{ name: 'api', lines: ['connectTimeout: — → "1s"'] }],
    })
    expect(zones[0].proxies[1].sections[0].changed[0].lines).toEqual(['virtualHosts[0].routes[0].route.timeout: "5s" → "9s"'])
    expect(zones[1].proxies[0].change).toBe('registered')
  })

  it('lists the resources that would be added, removed and changed', () => {
    expect(resourceLines(answer)).toEqual([
      { kind: 'added', label: 'MeshTimeout new-timeout', lines: [] },
      { kind: 'changed', label: 'MeshTimeout web-timeout', lines: ['spec.to[0].default.http.requestTimeout: "5s" → "9s"'] },
    ])
  })
})

describe('a refused preview', () => {
  it('shows each bad field with its reason', () => {
    const problem = {
      title: 'Could not preview the changes',
      detail: 'Request is not valid',
      invalid_parameters: [
        { field: '[0].spec.to[0].default.connectionTimeout', reason: 'must be a valid duration' },
        { field: '', reason: 'give at least one document to apply or delete' },
      ],
    }
    expect(fieldErrors(problem)).toEqual([
      { field: '[0].spec.to[0].default.connectionTimeout', reason: 'must be a valid duration' },
      { field: '(document)', reason: 'give at least one document to apply or delete' },
    ])
  })

  it('shows its detail when it names no field', () => {
    expect(fieldErrors({ title: 'Bad Request', detail: 'the body is not YAML or JSON documents' })).toEqual([
      { field: '', reason: 'the body is not YAML or JSON documents' },
    ])
    expect(fieldErrors(null)).toEqual([{ field: '', reason: 'The preview was refused.' }])
  })
})
