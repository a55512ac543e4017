import DOMPurify from 'dompurify';
import { marked } from 'marked';

/** Elements an answer never needs; with them gone, no answer can load, submit or style anything. */
const FORBID_TAGS = [
  'img',
  'svg',
  'math',
  'style',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'iframe',
];

/**
 * An answer's Markdown (GitHub tables included) as sanitized HTML. marked passes raw HTML through,
 * so everything goes through DOMPurify afterwards: no script, handler, form or image survives, and
 * links open in a new tab without access to this page.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS });
}

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});
