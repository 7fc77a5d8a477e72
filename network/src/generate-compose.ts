import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { perHostComposeDir, perHostComposeFile, renderComposeFile, renderPerHostComposeFile } from './docker-compose-file';
import { loadNetworkConfig, repoDir } from './layout';

/** Writes docker-compose.yml at the repository root (all orgs, one host) and network/compose/<org>.yml (one per authority host). */
function main(): void {
  const config = loadNetworkConfig();
  const toYaml = (value: unknown): string => stringify(value, { lineWidth: 0 });
  const file = path.join(repoDir, 'docker-compose.yml');
  writeFileSync(file, renderComposeFile(config, toYaml));
  console.log(`wrote ${file}`);
  mkdirSync(path.join(repoDir, perHostComposeDir), { recursive: true });
  for (const org of config.orgs) {
    const perHost = path.join(repoDir, perHostComposeFile(org));
    writeFileSync(perHost, renderPerHostComposeFile(config, org, toYaml));
    console.log(`wrote ${perHost}`);
  }
}

main();
