import { noChange } from 'lit';
import { Directive, directive } from 'lit/directive.js';
import { plainContent } from '../../../markdown/ast';
import { renderContent } from '../../../markdown/render';

/**
 * A comment body in its place: built once, and again only when the content changes (a vote or a new
 * relative time re-renders the comment around it, not its text or a reader's selection in it). Given
 * the body's source instead (no parsed content yet), shows it as plain paragraphs.
 */
class BodyDirective extends Directive {
  private shown: unknown;

  render(content: unknown) {
    return renderContent(typeof content === 'string' ? plainContent(content) : content);
  }

  override update(_part: unknown, [content]: [unknown]) {
    if (content === this.shown) return noChange;
    this.shown = content;
    return this.render(content);
  }
}

export const body = directive(BodyDirective);
