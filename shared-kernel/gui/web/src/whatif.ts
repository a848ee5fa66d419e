// Pure readings of a what-if answer (`POST /meshes/{mesh}/_whatif`) for display. Kept free of Vue
// and the DOM so Vitest checks them.
import type { Problem } from './api/client'

export interface FieldChange {
  path: string
  before?: unknown
  after?: unknown
}

export interface XdsTypeChanges {
  added: string[]
  removed: string[]
  changed: Array<{ name: string; changes: FieldChange[] }>
}

export interface ProxyPreview {
  mesh: string
  name: string
  zone: string
  change: 'registered' | 'removed' | 'updated'
  xds: Partial<Record<XdsType, XdsTypeChanges>>
}

export interface ResourceRef {
  type: string
  mesh?: string
  name: string
}

export interface WhatIfAnswer {
  mesh: string
  resources: {
    added: ResourceRef[]
    removed: ResourceRef[]
    changed: Array<ResourceRef & { changes: FieldChange[] }>
  }
  affectedProxies: number
  proxies: ProxyPreview[]
}

/** The xDS types in the order Envoy is served them. */
export const XDS_TYPES = ['listeners', 'routes', 'clusters', 'endpoints'] as const
export type XdsType = (typeof XDS_TYPES)[number]

/** A field's value as one line; a field missing on one side shows as a dash. */
export function showValue(value: unknown): string {
  return value === undefined ? '—' : JSON.stringify(value)
}

/** One changed field as `path: before → after`. */
export function changeLine(change: FieldChange): string {
  return `${change.path || '(whole resource)'}: ${showValue(change.before)} → ${showValue(change.after)}`
}

export interface XdsSection {
  type: XdsType
  added: string[]
  removed: string[]
  changed: Array<{ name: string; lines: string[] }>
}

export interface ProxyCard {
  name: string
  change: string
  sections: XdsSection[]
}

/** The affected proxies grouped by zone (zones and proxies by name), each with its xDS changes. */
export function proxiesByZone(answer: WhatIfAnswer): Array<{ zone: string; proxies: ProxyCard[] }> {
  const zones = new Map<string, ProxyCard[]>()
  for (const proxy of answer.proxies) {
    const cards = zones.get(proxy.zone) ?? []
    cards.push({ name: proxy.name, change: proxy.change, sections: sectionsOf(proxy) })
    zones.set(proxy.zone, cards)
  }
  return [...zones.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([zone, proxies]) => ({ zone, proxies: proxies.sort((a, b) => a.name.localeCompare(b.name)) }))
}

function sectionsOf(proxy: ProxyPreview): XdsSection[] {
  return XDS_TYPES.filter((type) => proxy.xds[type]).map((type) => {
    const changes = proxy.xds[type] as XdsTypeChanges
    return {
      type,
      added: changes.added,
      removed: changes.removed,
      changed: changes.changed.map((c) => ({ name: c.name, lines: c.changes.map(changeLine) })),
    }
  })
}

/** The resources the change would add, remove and change, one line each. */
export function resourceLines(answer: WhatIfAnswer): Array<{ kind: 'added' | 'removed' | 'changed'; label: string; lines: string[] }> {
  const label = (r: ResourceRef) => `${r.type} ${r.name}`
  return [
    ...answer.resources.added.map((r) => ({ kind: 'added' as const, label: label(r), lines: [] })),
    ...answer.resources.removed.map((r) => ({ kind: 'removed' as const, label: label(r), lines: [] })),
    ...answer.resources.changed.map((r) => ({ kind: 'changed' as const, label: label(r), lines: r.changes.map(changeLine) })),
  ]
}

/** A refused preview's bad fields, or its detail alone when it names none. */
export function fieldErrors(problem: Problem | null): Array<{ field: string; reason: string }> {
  const fields = problem?.invalid_parameters ?? []
  if (fields.length) {
    return fields.map((f) => ({ field: f.field || '(document)', reason: f.reason }))
  }
  return [{ field: '', reason: problem?.detail ?? problem?.title ?? 'The preview was refused.' }]
}
