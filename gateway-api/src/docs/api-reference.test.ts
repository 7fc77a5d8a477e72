import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../config';
import { generatedBlocks, updateGeneratedBlocks } from './api-reference';

const API_DOC = path.resolve(__dirname, '..', '..', '..', 'docs', 'api.md');

describe('docs/api.md', () => {
  const markdown = readFileSync(API_DOC, 'utf8');

  it('has current generated tables (run: npx tsx gateway-api/scripts/generate-api-docs.ts)', () => {
    expect(updateGeneratedBlocks(markdown, generatedBlocks())).toBe(markdown);
  });

  it('documents every configuration variable', () => {
    expect(CONFIG_VARIABLES.filter((name) => !markdown.includes(`\`${name}\``))).toEqual([]);
  });
});
