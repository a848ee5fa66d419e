import { get } from './api/client'
import { moment } from './moment'

/**
 * Live updates: the control plane's count of changes applied from the log (`/status/log`, cheap:
 * no log replay) is polled; when it moves, `moment.tick` does, and every view showing now reads
 * again. Polling, not a stream, because the API has no event stream.
 */
export function followTheLog(intervalMillis = 2000): () => void {
  let last: number | null = null
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const poll = async () => {
    try {
      const status = await get<{ changesApplied: number }>('/status/log', {}, { now: true })
      if (last !== null && status.changesApplied !== last) {
        moment.tick++
      }
      last = status.changesApplied
    } catch {
      // A failed poll (e.g. not signed in yet) is retried at the next interval.
    }
    if (!stopped) timer = setTimeout(poll, intervalMillis)
  }
  void poll()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
