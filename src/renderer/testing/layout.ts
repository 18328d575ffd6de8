/**
 * happy-dom lays nothing out, so every element is 0 × 0 and a virtualised list would show no
 * rows. This gives scroll containers of virtualised lists a popover-sized box (what Chromium
 * measures in the e2e tests), and leaves every other element alone.
 */
export function fakeScrollBoxes(height = 400, width = 356): void {
  const proto = HTMLElement.prototype;
  const boxed = (el: HTMLElement) => el.classList.contains('pod-scroll');
  Object.defineProperty(proto, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return boxed(this) ? height : 0;
    },
  });
  Object.defineProperty(proto, 'clientWidth', {
    configurable: true,
    get(this: HTMLElement) {
      return boxed(this) ? width : 0;
    },
  });
}
