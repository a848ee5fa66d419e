import { describe as suite, expect, it } from 'vitest'
import { describe, stopOf } from './audit'

const changes = [
  { time: '2026-12-04T10:00:00Z', position: 'meridian.global-0@1' },
  { time: '2026-12-04T10:05:00Z', position: 'meridian.zone.zone-1-0@7' },
  { time: '2026-12-04T10:09:00Z', position: 'meridian.zone.zone-1-0@8' },
]

suite('the timeline slider', () => {
  it('stands on now without a moment', () => {
    expect(stopOf(changes, null)).toBe(3)
  })

  it('stands on the change a log position names', () => {
    expect(stopOf(changes, 'meridian.zone.zone-1-0@7')).toBe(1)
  })

  it('stands on the last change at or before a time', () => {
    expect(stopOf(changes, '2026-12-04T10:05:00Z')).toBe(1)
    expect(stopOf(changes, '2026-12-04T10:07:30Z')).toBe(1)
    expect(stopOf(changes, '2026-12-04T11:00:00Z')).toBe(2)
    expect(stopOf(changes, '2026-12-04T09:00:00Z')).toBe(0)
  })
})

suite('describe', () => {
  it('names the change, the resource and who made it', () => {
    expect(describe({ operation: 'DELETE', type: 'Dataplane', mesh: 'default', name: 'web-1', actor: 'otto' })).toBe(
      'DELETE Dataplane default/web-1 by otto',
    )
    expect(describe({ operation: 'CREATE', type: 'Mesh', mesh: 'payments', name: 'payments', actor: 'admin' })).toBe(
      'CREATE Mesh payments by admin',
    )
  })
})
