/** The presentation properties a diagram's look depends on, copied from the page's styles into the exported file. */
const PROPERTIES = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
] as const;

/** The attributes an exported element leaves behind: the page's interaction and test hooks. */
const DROPPED = new Set(['tabindex', 'role', 'aria-label', 'aria-pressed', 'class', 'data-testid', 'style']);

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * One element as SVG markup, with the styles the page computed for it written out. Written as text, never by setting
 * style attributes on elements: the page's policy (style-src 'self') refuses inline styles even on a detached copy.
 */
function markup(element: Element, y = 0): string {
  const style = getComputedStyle(element);
  const attributes = [...element.attributes]
    .filter((attribute) => !DROPPED.has(attribute.name) && !attribute.name.startsWith('data-'))
    .map((attribute) => ` ${attribute.name}="${escape(attribute.value)}"`)
    .join('');
  const styles = PROPERTIES.map((property) => `${property}:${style.getPropertyValue(property)}`).join(';');
  const offset = y ? ` y="${y}"` : '';
  const children = [...element.childNodes]
    .map((child) => (child.nodeType === Node.ELEMENT_NODE ? markup(child as Element) : escape(child.textContent ?? '')))
    .join('');
  return `<${element.tagName}${attributes}${offset} style="${escape(styles)}">${children}</${element.tagName}>`;
}

/**
 * The diagram as a stand-alone SVG file (for a teacher's slides): the lanes' header above the diagram, the page's
 * styles (its CSS variables, its theme) written onto each element, the interactive attributes dropped, the frame's
 * background behind it.
 */
export function standaloneSvg(head: SVGSVGElement, body: SVGSVGElement): string {
  const width = Number(body.getAttribute('width'));
  const headHeight = Number(head.getAttribute('height'));
  const height = headHeight + Number(body.getAttribute('height'));
  // The frame's background (the card colour of the theme in use), so the picture reads the same on a slide.
  const frame = body.closest('.sequence-frame') ?? body.parentElement ?? body;
  const background = getComputedStyle(frame).backgroundColor;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" style="fill:${escape(background)}"/>` +
    `${markup(head)}${markup(body, headHeight)}</svg>\n`
  );
}

/** Offers a text as a file download. */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
