import { get, type Page } from './api/client'
import { moment } from './moment'

/**
 * Live updates: the newest audit entry's log position is polled; when it moves, `moment.tick`
 * does, and every view showing now reads again. Polling (not a stream) because the API has no
 * event stream; a small page of one entry keeps each poll cheap.
 */
export function followTheLog(intervalMillis = 2000): () => void {
  let last: string | null = null
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const poll = async () => {
    try {
      const page = await get<Page<{ position: string }>>('/audit/events', { size: 1 }, { now: true })
      const position = `${page.total}:${page.items[0]?.position ?? ''}`
      if (last !== null && position !== last) {
        moment.tick++
      }
      last = position
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
