import { goBack } from './stores/navStore';

const isTyping = (el: Element | null): el is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement =>
  el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

/** The navigable items of the list around `el`, or of the first list on the page. */
function navItems(root: HTMLElement, el: Element | null): HTMLElement[] {
  const list = el?.closest('[data-nav-list]') ?? root.querySelector('[data-nav-list]');
  return list ? [...list.querySelectorAll<HTMLElement>('[data-nav-item]')] : [];
}

/**
 * The popover's keys: `/` focuses the view's filter, Esc clears a filter or goes back, arrows
 * move through the list in view (Enter on a row is its button's own click). Lists that
 * handle their own arrows (the virtualised pod list) stop the event before it gets here.
 */
export function handleGlobalKey(e: KeyboardEvent, root: HTMLElement): void {
  if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey) return;
  const active = document.activeElement;
  if (e.key === '/' && !isTyping(active)) {
    // Two panes: the detail pane's filter first (the list pane has none today).
    const filter =
      root.querySelector<HTMLInputElement>('.pane-detail [data-filter]') ??
      root.querySelector<HTMLInputElement>('[data-filter]');
    if (filter) {
      e.preventDefault();
      filter.focus();
      filter.select();
    }
    return;
  }
  if (e.key === 'Escape') {
    if (active instanceof HTMLInputElement && active.value !== '' && active.type === 'search') return; // the input clears itself
    if (isTyping(active)) {
      active.blur();
      e.preventDefault();
      return;
    }
    if (goBack()) e.preventDefault();
    return;
  }
  if (e.key === 'ArrowDown' && active instanceof HTMLInputElement && active.dataset.filter !== undefined) {
    // From the filter straight into its results: the list in the filter's own pane.
    const pane = active.closest<HTMLElement>('.pane') ?? root;
    const first = navItems(root, pane.querySelector('[data-nav-list]'))[0];
    if (first) {
      e.preventDefault();
      first.focus();
    }
    return;
  }
  if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !isTyping(active)) {
    const items = navItems(root, active);
    if (!items.length) return;
    const i = items.indexOf(active as HTMLElement);
    const next =
      i < 0 ? (e.key === 'ArrowDown' ? 0 : items.length - 1) : i + (e.key === 'ArrowDown' ? 1 : -1);
    const target = items[Math.max(0, Math.min(items.length - 1, next))];
    if (target) {
      e.preventDefault();
      target.focus();
    }
  }
}
