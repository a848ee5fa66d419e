import { describe, expect, it } from 'vitest'
import { apiUrl, policyKind, seg } from './urls'

describe('apiUrl', () => {
  it('adds the moment the GUI looks at to every read', () => {
    expect(apiUrl('/meshes/default/dataplanes', { offset: 20, size: 10 }, '2026-12-04T10:00:00Z')).toBe(
      '/meshes/default/dataplanes?offset=20&size=10&at=2026-12-04T10%3A00%3A00Z',
    )
  })

  it('reads now without a moment and leaves out empty parameters', () => {
    expect(apiUrl('/audit/events', { mesh: '', zone: null, actor: undefined, size: 50 })).toBe('/audit/events?size=50')
    expect(apiUrl('/meshes')).toBe('/meshes')
  })

  it('carries a log position as the moment too', () => {
    expect(apiUrl('/meshes', {}, 'meridian.zone.zone-1-0@42')).toBe('/meshes?at=meridian.zone.zone-1-0%4042')
  })

  it('escapes names in path segments', () => {
    expect(seg('a b/c')).toBe('a%20b%2Fc')
  })

  it('knows the policy kinds by their collection path', () => {
    expect(policyKind('meshtimeouts')?.kind).toBe('MeshTimeout')
    expect(policyKind('nothing')).toBeUndefined()
  })
})
