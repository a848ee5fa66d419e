import { reactive } from 'vue'
import { get } from './api/client'

/** Which control plane serves the GUI: global sees every zone, a zone its own view. */
export const controlPlane = reactive<{ mode: 'global' | 'zone' | null; zone: string | null }>({
  mode: null,
  zone: null,
})

export async function identifyControlPlane(): Promise<void> {
  const index = await get<{ mode: 'global' | 'zone'; zone?: string }>('/', {}, { now: true })
  controlPlane.mode = index.mode
  controlPlane.zone = index.zone ?? null
}
