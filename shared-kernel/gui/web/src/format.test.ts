import { describe, expect, it } from 'vitest'
import { ago, hasNack, proxyStatus, tagsOf, xdsStatus, zoneLag, type DataplaneInsight, type XdsCounters } from './format'

describe('zoneLag', () => {
  it('is the latest connection’s consumer lag', () => {
    expect(
      zoneLag({
        name: 'zone-1',
        online: true,
        zoneInsight: {
          subscriptions: [
            { id: 'old', status: { consumerLag: 90 } },
            { id: 'new', status: { consumerLag: 3 } },
          ],
        },
      }),
    ).toBe(3)
  })

  it('is unknown for a zone that never reported', () => {
    expect(zoneLag({ name: 'zone-2', online: false })).toBeNull()
  })
})

const insight = (online: boolean, status: Record<string, XdsCounters>): DataplaneInsight => ({
  online,
  subscriptions: [{ id: 's', status }],
})

describe('proxy status', () => {
  it('is SYNCED when every response was acknowledged', () => {
    const i = insight(true, { total: { responsesSent: 4, responsesAcknowledged: 4 }, cds: { responsesSent: 2, responsesAcknowledged: 2 }, lds: { responsesSent: 2, responsesAcknowledged: 2 } })
    expect(proxyStatus(i)).toBe('SYNCED')
    expect(hasNack(i)).toBe(false)
    expect(xdsStatus(i).map((s) => s.type)).toEqual(['cds', 'lds'])
  })

  it('is STALE when a response was rejected, and shows the NACK per type', () => {
    const i = insight(true, { cds: { responsesSent: 3, responsesAcknowledged: 2, responsesRejected: 1 } })
    expect(proxyStatus(i)).toBe('STALE')
    expect(hasNack(i)).toBe(true)
    expect(xdsStatus(i)).toEqual([{ type: 'cds', sent: 3, acked: 2, rejected: 1 }])
  })

  it('is OFFLINE without a connection', () => {
    expect(proxyStatus({ online: false, subscriptions: [] })).toBe('OFFLINE')
    expect(proxyStatus(undefined)).toBe('OFFLINE')
  })
})

describe('tagsOf', () => {
  it('merges the inbounds’ tags', () => {
    expect(
      tagsOf({ networking: { inbound: [{ tags: { 'kuma.io/service': 'web' } }, { tags: { version: 'v2' } }] } }),
    ).toEqual({ 'kuma.io/service': 'web', version: 'v2' })
  })
})

describe('ago', () => {
  it('reads a timestamp relative to now', () => {
    const now = new Date('2026-12-04T10:00:00Z')
    expect(ago('2026-12-04T09:59:55Z', now)).toBe('5 s ago')
    expect(ago('2026-12-04T09:50:00Z', now)).toBe('10 min ago')
    expect(ago(null, now)).toBe('—')
  })
})
