import { apiUrl, type Params } from './urls'
import { token } from './session'
import { moment } from '../moment'

/** A problem+json body; a refused input names each bad field (Kuma's `invalid_parameters`). */
export interface Problem {
  title?: string
  detail?: string
  invalid_parameters?: Array<{ field: string; reason: string }>
}

/** A refusal or failure of the API, with its problem+json body when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
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
  /** The body as YAML text: the API renders YAML for a caller that accepts it. */
  yaml?: boolean
}

/** A GET of the API with the user's token and the GUI's moment (`?at=`). */
export async function get<T = unknown>(path: string, params: Params = {}, options: Options = {}): Promise<T> {
  const at = options.now ? null : options.at !== undefined ? options.at : moment.at
  const accept = options.yaml ? 'application/yaml' : options.text ? '*/*' : 'application/json'
  const headers: Record<string, string> = { Accept: accept }
  const response = await fetch(apiUrl(path, params, at), { headers: withToken(headers) })
  await refuseIfNotOk(response)
  return (options.text || options.yaml ? await response.text() : await response.json()) as T
}

/** A POST of a YAML body to the API with the user's token, answered with JSON. */
export async function postYaml<T = unknown>(path: string, yaml: string): Promise<T> {
  const headers = withToken({ Accept: 'application/json', 'Content-Type': 'application/yaml' })
  const response = await fetch(apiUrl(path), { method: 'POST', headers, body: yaml })
  await refuseIfNotOk(response)
  return (await response.json()) as T
}

function withToken(headers: Record<string, string>): Record<string, string> {
  const bearer = token()
  return bearer ? { ...headers, Authorization: `Bearer ${bearer}` } : headers
}

async function refuseIfNotOk(response: Response): Promise<void> {
  if (response.ok) {
    return
  }
  const problem = (await response.json().catch(() => null)) as Problem | null
  if (response.status === 401) {
    onUnauthenticated()
  }
  throw new ApiError(response.status, problem)
}

/** A Kuma-style page: `total`, `items`, the URL of the `next` page. */
export interface Page<T> {
  total: number
  items: T[]
  next: string | null
}
