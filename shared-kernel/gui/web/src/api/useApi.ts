import { ref, watch, type Ref } from 'vue'
import { get, type Options } from './client'
import type { Params } from './urls'
import { moment } from '../moment'

export interface Request {
  path: string
  params?: Params
  options?: Options
}

/**
 * A read of the API that follows the GUI: it reads again when its request changes, when the
 * GUI's moment moves, and (when showing now) when the log moves. Answers to superseded requests
 * are dropped, so a slow old answer never overwrites a newer one.
 */
export function useApi<T>(request: () => Request | null): {
  data: Ref<T | null>
  error: Ref<Error | null>
  loading: Ref<boolean>
} {
  const data = ref<T | null>(null) as Ref<T | null>
  const error = ref<Error | null>(null)
  const loading = ref(false)
  let latest = 0
  const key = () => {
    const r = request()
    const past = r?.options?.now ? false : moment.at !== null || r?.options?.at
    return JSON.stringify([r, moment.at, past ? 0 : moment.tick])
  }
  watch(
    key,
    async () => {
      const r = request()
      const mine = ++latest
      if (!r) {
        data.value = null
        return
      }
      loading.value = true
      try {
        const value = await get<T>(r.path, r.params, r.options)
        if (mine === latest) {
          data.value = value
          error.value = null
        }
      } catch (e) {
        if (mine === latest) {
          data.value = null
          error.value = e as Error
        }
      } finally {
        if (mine === latest) loading.value = false
      }
    },
    { immediate: true },
  )
  return { data, error, loading }
}
