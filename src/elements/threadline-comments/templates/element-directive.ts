import type { ElementPart, RenderOptions } from 'lit';
import { Directive, type PartInfo, PartType } from 'lit/directive.js';

/**
 * A directive that sits on an element (`<div ${x(…)}>`) and keeps some of its children itself. An
 * element part costs no node, where a child part costs a marker comment per comment in the thread;
 * the children such a directive keeps are the rare or once-made ones (badges, the body's content, the
 * action buttons, a composer, the replies list).
 */
export abstract class ElementDirective extends Directive {
  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT)
      throw new Error('This directive binds to an element: put it inside an opening tag.');
  }
}

/**
 * Options for a Lit `render` into a child of the part's element: the host (for `this` in listeners),
 * never the host's `renderBefore`, which points into the shadow root.
 */
export const nestedOptions = (part: ElementPart): RenderOptions =>
  part.options?.host ? { host: part.options.host } : {};

/**
 * Shows `wanted` in `parent`, in order, right before `before` (at the end when null), and removes the
 * nodes of `shown` no longer wanted. Nodes already in place are not touched.
 */
export function place(
  parent: Node,
  before: Node | null,
  wanted: readonly Node[],
  shown: readonly Node[],
): void {
  for (const node of shown)
    if (!wanted.includes(node) && node.parentNode === parent) parent.removeChild(node);
  let next = before;
  for (let i = wanted.length - 1; i >= 0; i -= 1) {
    const node = wanted[i] as Node;
    if (node.parentNode !== parent || node.nextSibling !== next) parent.insertBefore(node, next);
    next = node;
  }
}

/** Sets an attribute, or removes it for null, only when it differs. */
export function setAttr(el: Element, name: string, value: string | null): void {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

export function setText(el: Node, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** A `<button type="button">` for the element's delegated click handler (`data-action`, `data-id`). */
export function actionButton(className: string, action: string, id: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = className;
  // Attributes, not `dataset`: each `dataset` is one more object per button, kept as long as it is.
  button.setAttribute('data-action', action);
  button.setAttribute('data-id', id);
  return button;
}

/** An element with some text in it. */
export function textElement(tag: string, text: string, className = ''): HTMLElement {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.textContent = text;
  return el;
}
