import { html, nothing } from 'lit';
import { LIMITS } from '../../../adapters/adapter';
import { REPORT_REASONS } from '../../../contract/wire';
import { formKey, type RenderContext } from './context';

/**
 * The inline form behind a comment's Report button: why (one of the reasons), and an explanation, which
 * a report of illegal content must carry (the EU's notice-and-action rules ask for one).
 */
export function renderReportForm(ctx: RenderContext, id: string) {
  const { msg } = ctx;
  const key = formKey.report(id);
  const error = ctx.formErrors.get(key);
  const detailId = `detail-${key}`;
  const errorId = `error-${key}`;
  return html`<form class="report-form" data-form=${key} novalidate>
    <fieldset>
      <legend>${msg.reportQuestion}</legend>
      ${REPORT_REASONS.map(
        (reason, i) =>
          html`<label><input type="radio" name="reason" value=${reason} ?checked=${i === 0} /> ${msg.reportReasons[reason]}</label>`,
      )}
    </fieldset>
    <label for=${detailId}>${msg.reportDetail}</label>
    <textarea
      id=${detailId}
      name="detail"
      rows="2"
      maxlength=${LIMITS.reasonMaxLength}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${error ? errorId : nothing}
    ></textarea>
    ${error ? html`<p class="field-error" id=${errorId} role="alert" .textContent=${error}></p>` : nothing}
    <div class="form-actions">
      <button type="submit" ?disabled=${ctx.submitting.has(key)}>${msg.sendReport}</button>
      <button type="button" class="secondary" data-action="cancel-report" data-id=${id}>${msg.cancel}</button>
    </div>
  </form>`;
}
