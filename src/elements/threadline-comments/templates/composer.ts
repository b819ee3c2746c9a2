import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { LIMITS } from '../../../adapters/adapter';
import { formKey, nameErrorKey, type RenderContext } from './context';

export interface ComposerOptions {
  key: string;
  /** null for a top-level comment. */
  parentId: string | null;
  label: string;
  submitLabel: string;
  initialBody?: string;
  /** Edit forms do not ask for a name. */
  askName: boolean;
  cancellable: boolean;
}

function renderName(ctx: RenderContext, key: string) {
  if (ctx.viewer) return html`<span class="as">${ctx.msg.commentingAs(ctx.viewer.name)}</span>`;
  if (ctx.guestName && !ctx.changingName) {
    return html`<span class="as"
      >${ctx.msg.commentingAs(ctx.guestName)}
      <button type="button" class="link" data-action="change-name">${ctx.msg.changeName}</button></span
    >`;
  }
  const id = `name-${key}`;
  const error = ctx.formErrors.get(nameErrorKey(key));
  const errorId = `name-error-${key}`;
  return html`<span>
    <label for=${id}>${ctx.msg.yourName}</label>
    <input
      id=${id}
      name="authorName"
      autocomplete="nickname"
      maxlength=${LIMITS.nameMaxLength}
      .value=${ctx.guestName}
      required
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${error ? errorId : nothing}
    />
    ${error ? html`<p class="field-error" id=${errorId} role="alert" .textContent=${error}></p>` : nothing}
  </span>`;
}

/**
 * One composer for new comments, inline replies and edits. The textarea is uncontrolled: the text the
 * reader typed stays in it across re-renders and after a failed post. A new comment or reply starts
 * from its saved draft (restored after a reload); when the store puts text back (a queued post was
 * refused), the draft version changes and the field is made afresh with it.
 */
export function renderComposer(ctx: RenderContext, options: ComposerOptions) {
  const { key } = options;
  const error = ctx.formErrors.get(key);
  const busy = ctx.submitting.has(key);
  const bodyId = `body-${key}`;
  const errorId = `error-${key}`;
  // Written without whitespace between tags, texts as properties: the top composer is on every page.
  return html`<form class="composer ${key === formKey.root ? '' : 'inline-composer'}" part="composer" data-form=${key} data-parent=${
    options.parentId ?? ''
  } novalidate><label for=${bodyId} .textContent=${options.label}></label>${keyed(
    ctx.draftVersions[key] ?? 0,
    html`<textarea id=${bodyId} name="body" maxlength=${LIMITS.bodyMaxLength} placeholder=${
      options.parentId || options.initialBody !== undefined ? nothing : ctx.msg.placeholder
    } aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? errorId : nothing} .defaultValue=${
      options.initialBody ?? ctx.draft(key)
    }></textarea>`,
  )}${error ? html`<p class="field-error" id=${errorId} role="alert" .textContent=${error}></p>` : nothing}<div class="composer-row">${
    options.askName
      ? renderName(ctx, key)
      : html`<span class="hint" .textContent=${ctx.msg.markdownHint}></span>`
  }<span class="actions-end">${
    options.cancellable
      ? html`<button type="button" class="secondary" data-action="cancel-compose" data-form=${key} .textContent=${ctx.msg.cancel}></button>`
      : nothing
  }<button type="submit" class="primary" ?disabled=${busy} .textContent=${busy ? ctx.msg.posting : options.submitLabel}></button></span></div>${
    // A honeypot for form-filling bots: off screen, out of the tab order and hidden from assistive tech.
    options.askName
      ? html`<div class="hp" aria-hidden="true"><input name="website" tabindex="-1" autocomplete="off" /></div>`
      : nothing
  }</form>`;
}
