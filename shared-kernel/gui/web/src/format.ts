// Pure readings of the API's shapes for display. Kept free of Vue and the DOM so Vitest checks them.

export interface ZoneOverview {
  name: string
  online: boolean
  zoneInsight?: {
    subscriptions?: Array<{
      id: string
      connectTime?: string
      disconnectTime?: string
      status?: { lastUpdateTime?: string; consumerLag?: number }
    }>
  }
}

/** The zone's consumer lag as its latest control-plane connection reported it (latest last). */
export function zoneLag(zone: ZoneOverview): number | null {
  const subscriptions = zone.zoneInsight?.subscriptions ?? []
  const latest = subscriptions[subscriptions.length - 1]
  const lag = latest?.status?.consumerLag
  return typeof lag === 'number' ? lag : null
}

export function zoneLastSeen(zone: ZoneOverview): string | null {
  const subscriptions = zone.zoneInsight?.subscriptions ?? []
  return subscriptions[subscriptions.length - 1]?.status?.lastUpdateTime ?? null
}

export interface XdsCounters {
  responsesSent?: number
  responsesAcknowledged?: number
  responsesRejected?: number
}

export interface DataplaneInsight {
  online?: boolean
  subscriptions?: Array<{
    id?: string
    controlPlaneInstanceId?: string
    connectTime?: string
    disconnectTime?: string
    lastRejection?: string
    status?: Record<string, XdsCounters>
  }>
}

export interface Dataplane {
  type?: string
  mesh: string
  name: string
  networking?: {
    address?: string
    inbound?: Array<{ port?: number; tags?: Record<string, string> }>
    gateway?: { tags?: Record<string, string> }
    outbound?: Array<{ port?: number; tags?: Record<string, string> }>
  }
}

export interface DataplaneOverview {
  mesh: string
  name: string
  dataplane?: { networking?: Dataplane['networking'] }
  dataplaneInsight?: DataplaneInsight
}

/** Every tag of a dataplane's inbounds and gateway, merged (Kuma shows them so). */
export function tagsOf(dataplane: { networking?: Dataplane['networking'] } | undefined): Record<string, string> {
  const networking = dataplane?.networking
  const tags: Record<string, string> = {}
  for (const inbound of networking?.inbound ?? []) {
    Object.assign(tags, inbound.tags ?? {})
  }
  Object.assign(tags, networking?.gateway?.tags ?? {})
  return tags
}

export interface XdsTypeStatus {
  type: string
  acked: number
  rejected: number
  sent: number
}

/** ACKs and NACKs per xDS type of the proxy's latest connection, `total` left out. */
export function xdsStatus(insight: DataplaneInsight | undefined): XdsTypeStatus[] {
  const subscriptions = insight?.subscriptions ?? []
  const status = subscriptions[subscriptions.length - 1]?.status ?? {}
  return Object.entries(status)
    .filter(([type]) => type !== 'total')
    .map(([type, c]) => ({
      type,
      sent: c.responsesSent ?? 0,
      acked: c.responsesAcknowledged ?? 0,
      rejected: c.responsesRejected ?? 0,
    }))
    .sort((a, b) => a.type.localeCompare(b.type))
}

export type ProxyStatus = 'SYNCED' | 'STALE' | 'OFFLINE'

/**
 * SYNCED: online and every response sent on the latest connection was acknowledged; STALE: online
 * but some response is still unanswered or was rejected (the proxy runs an older config); OFFLINE:
 * no connection.
 */
export function proxyStatus(insight: DataplaneInsight | undefined): ProxyStatus {
  if (!insight?.online) {
    return 'OFFLINE'
  }
  return xdsStatus(insight).every((s) => s.acked === s.sent) ? 'SYNCED' : 'STALE'
}

export function hasNack(insight: DataplaneInsight | undefined): boolean {
  return xdsStatus(insight).some((s) => s.rejected > 0)
}

/** "3 s ago", "5 min ago", … for a timestamp, relative to `now`. */
export function ago(time: string | null | undefined, now: Date = new Date()): string {
  if (!time) {
    return '—'
  }
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(time).getTime()) / 1000))
  if (seconds < 60) return `${seconds} s ago`
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`
  return `${Math.floor(seconds / 86400)} d ago`
}
