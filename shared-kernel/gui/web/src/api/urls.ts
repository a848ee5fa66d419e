// Pure URL building: which query every API call carries. Kept free of the DOM so Vitest checks it.

/** Query parameters; an array repeats its parameter (`tag=a&tag=b`). */
export type Params = Record<string, string | number | boolean | string[] | null | undefined>

/**
 * The API URL for a path and its query, with `at` added when the GUI looks at a past moment
 * (every resource, list and `/xds` read of the API accepts `?at=`).
 */
export function apiUrl(path: string, params: Params = {}, at: string | null = null): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      value.forEach((v) => query.append(name, v))
    } else if (value !== null && value !== undefined && value !== '') {
      query.set(name, String(value))
    }
  }
  if (at) {
    query.set('at', at)
  }
  const text = query.toString()
  return text ? `${path}?${text}` : path
}

/** A path segment, escaped: resource names may hold dots and other characters. */
export function seg(value: string): string {
  return encodeURIComponent(value)
}

/** The targetRef policy kinds and their collection paths, as Kuma names them. */
export const POLICY_KINDS: ReadonlyArray<{ kind: string; path: string }> = [
  { kind: 'MeshTimeout', path: 'meshtimeouts' },
  { kind: 'MeshRetry', path: 'meshretries' },
  { kind: 'MeshCircuitBreaker', path: 'meshcircuitbreakers' },
  { kind: 'MeshHealthCheck', path: 'meshhealthchecks' },
  { kind: 'MeshLoadBalancingStrategy', path: 'meshloadbalancingstrategies' },
  { kind: 'MeshHTTPRoute', path: 'meshhttproutes' },
  { kind: 'MeshTCPRoute', path: 'meshtcproutes' },
  { kind: 'MeshFaultInjection', path: 'meshfaultinjections' },
  { kind: 'MeshRateLimit', path: 'meshratelimits' },
  { kind: 'MeshTrafficPermission', path: 'meshtrafficpermissions' },
]

export function policyKind(path: string): { kind: string; path: string } | undefined {
  return POLICY_KINDS.find((k) => k.path === path)
}
