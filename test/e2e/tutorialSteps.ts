import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

// The moves a trainee makes in the tutorial, shared by the tests that play it.

interface MapNode {
  id: string;
  x: number;
  y: number;
}

/** Clicks a service on the Phaser map, where a person would: at the node's position on the canvas. */
export async function clickService(page: Page, id: string): Promise<void> {
  const map = page.locator('.ops-map .map-canvas');
  await expect.poll(() => map.getAttribute('data-nodes'), { timeout: 20_000 }).toBeTruthy();
  const nodes = JSON.parse((await map.getAttribute('data-nodes'))!) as MapNode[];
  const node = nodes.find((n) => n.id === id)!;
  await map.locator('canvas').click({ position: { x: node.x, y: node.y } });
  await expect
    .poll(() => page.getByRole('button', { name: id, exact: true }).getAttribute('aria-pressed'))
    .toBe('true');
}

/** Filters the logs and waits until the newest line shown contains `expected`. */
export async function search(page: Page, text: string, expected: string): Promise<void> {
  await page.getByLabel('Line contains').fill(text);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect.poll(() => page.locator('.logql code').textContent()).toContain(JSON.stringify(text));
  await expect
    .poll(() => page.locator('.log-line pre').first().textContent(), { timeout: 20_000 })
    .toContain(expected);
}

/** Pins the newest log line listed. */
export async function pinNewestLine(page: Page): Promise<void> {
  await page
    .locator('.log-line')
    .first()
    .getByRole('button', { name: /^Pin log line/ })
    .click();
}

/** Records a hypothesis and answers its card. */
export async function addHypothesis(
  page: Page,
  text: string,
  by: 'click' | 'Enter' = 'click',
  about: { component?: string; fault?: string } = {},
): Promise<Locator> {
  const region = page.getByRole('region', { name: 'Hypotheses' });
  // What it names (a component, a kind of fault) is what the method part reads.
  if (about.component) await region.getByLabel('Component').selectOption(about.component);
  if (about.fault) await region.getByLabel('Kind of fault').selectOption(about.fault);
  const input = region.getByLabel('New hypothesis');
  await input.fill(text);
  if (by === 'Enter') await input.press('Enter');
  else await region.getByRole('button', { name: 'Add hypothesis' }).click();
  const card = region.getByRole('article', { name: `Hypothesis: ${text}` });
  await card.waitFor();
  return card;
}

/** Adds a link to the causal chain, citing the pinned items whose descriptions match `cite`. */
export async function addLink(page: Page, from: string, to: string, cite: readonly RegExp[]): Promise<void> {
  const chain = page.getByRole('region', { name: 'Causal chain' });
  const form = chain.getByRole('form', { name: 'Add a link' });
  await form.getByRole('combobox', { name: /^Cause/ }).selectOption(from);
  await form.getByRole('combobox', { name: /^Effect/ }).selectOption(to);
  for (const name of cite) await form.getByRole('checkbox', { name }).check();
  await form.getByRole('button', { name: 'Add link' }).click();
}

/** Opens the diagnosis form, fills it in and submits it. */
export async function diagnose(
  page: Page,
  d: { component: string; fault: string; trigger: string; confidence: number; mitigation?: string },
) {
  await page.getByRole('button', { name: 'Write the diagnosis' }).click();
  const form = page.getByRole('form', { name: 'Diagnosis' });
  await form.getByLabel('Component at fault').selectOption(d.component);
  await form.getByLabel('Kind of fault').selectOption(d.fault);
  await form.getByLabel('What set it off').selectOption(d.trigger);
  if (d.mitigation)
    await form.getByLabel('Mitigate with it (optional)').selectOption({ label: d.mitigation });
  await form.getByRole('slider').fill(String(d.confidence));
  await form.getByRole('button', { name: 'Submit diagnosis' }).click();
}
