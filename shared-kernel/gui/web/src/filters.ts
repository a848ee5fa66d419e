import type { Params } from './api/urls'

/** The dataplane list's filters as the page URL holds them (so a link keeps them). */
export interface DataplaneFilters {
  service: string
  zone: string
  /** Further tags, `key:value` separated by commas or spaces. */
  tags: string
  name: string
  online: '' | 'true' | 'false'
  nack: '' | 'true' | 'false'
}

export function filtersFrom(query: Record<string, unknown>): DataplaneFilters {
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : '')
  const tri = (name: string) => {
    const v = text(name)
    return v === 'true' || v === 'false' ? v : ''
  }
  return { service: text('service'), zone: text('zone'), tags: text('tags'), name: text('name'), online: tri('online'), nack: tri('nack') }
}

/** The query of `/meshes/{mesh}/dataplanes+insights` for these filters (filtered on the server). */
export function overviewQuery(f: DataplaneFilters): Params {
  const tags: string[] = []
  if (f.service.trim()) tags.push(`kuma.io/service:${f.service.trim()}`)
  if (f.zone.trim()) tags.push(`kuma.io/zone:${f.zone.trim()}`)
  for (const tag of f.tags.split(/[\s,]+/)) {
    if (tag) tags.push(tag)
  }
  return { tag: tags, name: f.name.trim(), online: f.online, nack: f.nack }
}
