import { describe, expect, it } from 'vitest'
import { changed, diffLines } from './lineDiff'

describe('diffLines', () => {
  it('keeps common lines and marks what was removed and added', () => {
    const lines = diffLines('a\n"address": "10.0.0.1"\nc', 'a\n"address": "10.0.0.2"\nc\nd')
    expect(lines).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: '"address": "10.0.0.1"' },
      { kind: 'added', text: '"address": "10.0.0.2"' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ])
    expect(changed(lines)).toBe(true)
  })

  it('finds nothing changed in equal texts', () => {
    expect(changed(diffLines('x\ny', 'x\ny'))).toBe(false)
  })
})
