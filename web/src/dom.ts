// Small DOM helpers: build elements from tag, attributes and children; format probabilities.
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | null | undefined> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

export const pct = (p: number): string => (p >= 0.9995 ? '100%' : p < 0.0005 ? (p > 0 ? '<0.1%' : '0%') : `${(p * 100).toFixed(1)}%`);

/** Shows an error from the API (or anything else) in the page's alert line; null hides it. */
export function showError(e: unknown): void {
  const box = document.getElementById('error')!;
  if (e === null) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  box.textContent = e instanceof Error ? e.message : String(e);
  box.hidden = false;
}
