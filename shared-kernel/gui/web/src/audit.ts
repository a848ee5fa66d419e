/** An entry of `/audit/events`: one change on the log. */
export interface AuditEntry {
  position: string
  eventId: string
  time: string
  origin: string
  actor: string
  operation: 'CREATE' | 'UPDATE' | 'DELETE'
  type: string
  mesh?: string
  name: string
  before?: unknown
  after?: unknown
}

/** A short sentence for a change: "UPDATE Dataplane default/web-1 by admin". */
export function describe(e: Pick<AuditEntry, 'operation' | 'type' | 'mesh' | 'name' | 'actor'>): string {
  const where = e.mesh && e.type !== 'Mesh' ? `${e.mesh}/${e.name}` : e.name
  return `${e.operation} ${e.type} ${where} by ${e.actor}`
}

/**
 * The slider's stops: the changes oldest first, then now. `at` — a change's log position (the
 * exact moment right after it), an RFC 3339 time, or null for now — sits on that change, or on the
 * last change made at or before the time.
 */
export function stopOf(changesOldestFirst: Array<Pick<AuditEntry, 'time' | 'position'>>, at: string | null): number {
  if (at === null) return changesOldestFirst.length
  const exact = changesOldestFirst.findIndex((c) => c.position === at)
  if (exact >= 0) return exact
  const t = Date.parse(at)
  if (Number.isNaN(t)) return changesOldestFirst.length
  let stop = -1
  changesOldestFirst.forEach((c, i) => {
    if (Date.parse(c.time) <= t) stop = i
  })
  return Math.max(stop, 0)
}
