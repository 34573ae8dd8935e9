import { type RefObject, useEffect } from 'react';

/**
 * Repairs two ARIA mistakes polaris-viz 16 makes in its own markup (no prop turns them off), inside the chart
 * figure `ref` points at, and again whenever polaris-viz redraws (a MutationObserver; each repair is idempotent,
 * so its own attribute changes settle at once):
 * - a `role="list"` whose children are not list items (the legend's buttons; the bar chart's svg, whose children
 *   are axes and one `role="list"` per bar group) becomes a `group`, which allows any children (axe:
 *   aria-required-children). The bar groups themselves are proper lists and stay.
 * - the line chart's points are `role="image"` named only by the tooltip, which exists only while a point is
 *   hovered, and sit inside the svg's `role="table"`, where only rows may be (axe: svg-img-alt,
 *   aria-required-children). Screen readers read the same values from that table's rows, so the points become
 *   decoration: out of the tab order first, then hidden from assistive technology (never hidden while focusable).
 *   The mouse tooltip stays; keyboard users lose the one-point-per-tab walk through the line.
 */
export function useChartRoles(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const figure = ref.current;
    if (!figure) return;
    const repair = () => {
      for (const list of figure.querySelectorAll('[role="list"]'))
        if ([...list.children].some((child) => !isHidden(child) && child.getAttribute('role') !== 'listitem'))
          list.setAttribute('role', 'group');
      for (const point of figure.querySelectorAll('[data-type="Point"][role="image"]')) {
        point.setAttribute('tabindex', '-1');
        point.removeAttribute('role');
        point.removeAttribute('aria-labelledby');
        point.setAttribute('aria-hidden', 'true');
      }
    };
    repair();
    const observer = new MutationObserver(repair);
    observer.observe(figure, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['role', 'tabindex', 'aria-hidden'],
    });
    return () => observer.disconnect();
  }, [ref]);
}

const isHidden = (element: Element) => element.getAttribute('aria-hidden') === 'true';
