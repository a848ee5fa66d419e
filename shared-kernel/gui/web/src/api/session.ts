// The user's token lives in sessionStorage only: it leaves with the tab and is never written to
// localStorage, cookies or URLs.
const KEY = 'meridian.token'

export function token(): string | null {
  return sessionStorage.getItem(KEY)
}

export function signIn(value: string): void {
  sessionStorage.setItem(KEY, value.trim())
}

export function signOut(): void {
  sessionStorage.removeItem(KEY)
}
