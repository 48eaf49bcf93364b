import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../../src/cli/schema.ts';
import { scenarioText } from '../helpers.ts';

describe('scenarios/schema.json', () => {
  it('is what the zod schema generates (run `npm run schema` after changing the schema)', () => {
    expect(readFileSync('scenarios/schema.json', 'utf8')).toBe(scenarioJsonSchema());
  });

  it('is the schema the built-in scenarios name on their first line', () => {
    expect(scenarioText('tutorial.yaml').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=./schema.json',
    );
  });

  it('leaves fields with defaults optional for authors and carries hover text', () => {
    const schema = JSON.parse(scenarioJsonSchema()) as {
      required: string[];
      properties: Record<string, { description?: string }>;
    };
    expect(schema.required).not.toContain('docs');
    expect(schema.required).not.toContain('code');
    expect(schema.properties.code?.description).toBe(
      'the code of the system: files and their commit history, with pull requests and reviews',
    );
  });
});
