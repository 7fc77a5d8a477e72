/** Rewrites the generated tables of docs/api.md (error codes, endpoints). */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatedBlocks, updateGeneratedBlocks } from '../src/docs/api-reference';

const file = path.resolve(__dirname, '..', '..', 'docs', 'api.md');
writeFileSync(file, updateGeneratedBlocks(readFileSync(file, 'utf8'), generatedBlocks()));
process.stdout.write(`updated ${path.relative(process.cwd(), file)}\n`);
