import { describe, expect, it } from 'vitest'
import { filtersFrom, overviewQuery } from './filters'
import { apiUrl } from './api/urls'

describe('dataplane filters', () => {
  it('become server-side tag filters, service and zone as Kuma tags', () => {
    const f = filtersFrom({ service: 'web', zone: 'zone-1', tags: 'version:v2, team:pay', online: 'true', nack: 'maybe' })
    const q = overviewQuery(f)
    expect(q.tag).toEqual(['kuma.io/service:web', 'kuma.io/zone:zone-1', 'version:v2', 'team:pay'])
    expect(apiUrl('/meshes/default/dataplanes+insights', q)).toBe(
      '/meshes/default/dataplanes+insights?tag=kuma.io%2Fservice%3Aweb&tag=kuma.io%2Fzone%3Azone-1&tag=version%3Av2&tag=team%3Apay&online=true',
    )
  })

  it('are empty for a bare page URL', () => {
    expect(overviewQuery(filtersFrom({})).tag).toEqual([])
  })
})
