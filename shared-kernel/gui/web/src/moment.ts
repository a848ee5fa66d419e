import { reactive } from 'vue'

/**
 * The moment the whole GUI shows: `at` is null for now, else an RFC 3339 time or a log position
 * that every read carries as `?at=`. The router keeps it in the page URL, so a link shows the
 * same past. `tick` moves when the log moves (live updates), so views showing now read again.
 */
export const moment = reactive<{ at: string | null; tick: number }>({ at: null, tick: 0 })
