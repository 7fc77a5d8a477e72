import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { renderComposeFile } from './docker-compose-file';
import { loadNetworkConfig, repoDir } from './layout';

/** Writes docker-compose.yml at the repository root from the network table. */
function main(): void {
  const file = path.join(repoDir, 'docker-compose.yml');
  writeFileSync(file, renderComposeFile(loadNetworkConfig(), (value) => stringify(value, { lineWidth: 0 })));
  console.log(`wrote ${file}`);
}

main();
