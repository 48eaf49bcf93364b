import type { Locator, Page } from 'playwright-core';

/**
 * Types a query over what a CodeMirror editor holds, as a trainee would: selects it with the editor's own
 * key and types over it, then leaves the editor. (Filling the editor's element sets a selection the editor
 * may not have read yet when the text arrives, so the text could land beside the old query.) Used by the
 * browser bench and the end-to-end tests.
 */
export async function typeQuery(page: Page, editor: Locator, query: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(query);
  await page.keyboard.press('Escape');
  const typed = await editor.textContent();
  if (typed !== query) throw new Error(`the editor holds ${JSON.stringify(typed)}, not the query typed`);
}
