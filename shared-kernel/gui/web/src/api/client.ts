import { apiUrl, type Params } from './urls'
import { token } from './session'
import { moment } from '../moment'

/** A refusal or failure of the API, with its problem+json body when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string } | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`)
  }
}

type Unauthenticated = () => void
let onUnauthenticated: Unauthenticated = () => {}

/** What to do when the API wants a (valid) token: the router sends the user to the login page. */
export function whenUnauthenticated(handler: Unauthenticated): void {
  onUnauthenticated = handler
}

export interface Options {
  /** Read as of now even when the GUI looks at the past (e.g. "then vs now"). */
  now?: boolean
  /** Read at this moment instead of the GUI's. */
  at?: string | null
  /** The body as text rather than JSON (e.g. YAML). */
  text?: boolean
}

/** A GET of the API with the user's token and the GUI's moment (`?at=`). */
export async function get<T = unknown>(path: string, params: Params = {}, options: Options = {}): Promise<T> {
  const at = options.now ? null : options.at !== undefined ? options.at : moment.at
  const headers: Record<string, string> = { Accept: options.text ? '*/*' : 'application/json' }
  const bearer = token()
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`
  }
  const response = await fetch(apiUrl(path, params, at), { headers })
  if (!response.ok) {
    const problem = await response.json().catch(() => null)
    if (response.status === 401) {
      onUnauthenticated()
    }
    throw new ApiError(response.status, problem)
  }
  return (options.text ? await response.text() : await response.json()) as T
}

/** A Kuma-style page: `total`, `items`, the URL of the `next` page. */
export interface Page<T> {
  total: number
  items: T[]
  next: string | null
}
