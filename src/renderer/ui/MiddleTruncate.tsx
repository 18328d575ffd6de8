import { useLayoutEffect, useRef, useState } from 'react';
import { middleTruncate } from '../../shared/logic/text/middleTruncate';

let canvas: HTMLCanvasElement | undefined;

/** Text width in the element's own font, or undefined where nothing is laid out (happy-dom). */
function measurer(el: HTMLElement): ((s: string) => number) | undefined {
  canvas ??= document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx || typeof ctx.measureText !== 'function') return undefined;
  ctx.font = getComputedStyle(el).font;
  return (s) => ctx.measureText(s).width;
}

/**
 * The most characters of `text` that `middleTruncate` can keep in the element's width. The
 * element's width must not depend on its text (the `mid-trunc` class: flex-basis 0), or
 * shortening the text would shrink the box it is measured against.
 */
function fittingChars(el: HTMLElement, text: string): number {
  const width = el.clientWidth - 1; // a pixel of slack: widths are fractional, clientWidth is not
  const measure = measurer(el);
  if (!measure || width <= 0 || measure(text) <= width) return text.length;
  let lo = 0;
  let hi = text.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(middleTruncate(text, mid)) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A name cut in the middle to fit its box, so the end that tells similar names apart stays
 * visible (`tether-demo-…-badtoken`); the full name is its tooltip.
 */
export function MiddleTruncate({ text, className }: { text: string; className?: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [max, setMax] = useState(text.length);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => setMax(fittingChars(el, text));
    fit();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, [text]);
  const shown = middleTruncate(text, max);
  return (
    <span ref={ref} className={`mid-trunc${className ? ` ${className}` : ''}`} title={text}>
      {shown}
    </span>
  );
}
