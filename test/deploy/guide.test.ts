/**
 * The files docs/deploy.md ships agree with the server and with each other: the example
 * environment is one the server starts with, every variable in it is in the generated reference,
 * and the nginx example forwards what the server is told to read, to where it listens. Also the
 * generator of docs/environment.md (scripts/env-doc.ts) catching a variable it cannot document.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_USAGE, configFromEnv } from '@shomei/server';
import { describe, expect, it } from 'vitest';
import { mismatches, readConfig, renderDoc } from '../../scripts/env-doc.js';
import { guideBlock, parseEnvFile, parseUnitFile } from './guide.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const example = parseEnvFile(read('docs/deploy/shomei.env'));
const config = readConfig(read('packages/server/src/config.ts'));

describe('docs/deploy.md and its files', () => {
  it('the example environment is one the server starts with, as a production server', () => {
    const server = configFromEnv(example);
    expect(server.publicBaseUrl).toMatch(/^https:\/\//u);
    expect(server.staffTokenHash).toMatch(/^[0-9a-f]{64}$/u);
    expect(server.clientIpHeader).toBe('X-Forwarded-For');
    expect(server.trustedProxyHops).toBe(1);
    expect(server.databaseUrl).toMatch(/^postgres:\/\//u);
    expect(server.smtpUrl).toBeDefined();
    // Every variable it sets is one the server reads, and so in docs/environment.md.
    const documented = new Set(config.documented.map((variable) => variable.name));
    expect(Object.keys(example).filter((name) => !documented.has(name))).toEqual([]);
  });

  it('the nginx example forwards the client address in the header the server reads, to where it listens', () => {
    const nginx = read('docs/deploy/nginx.conf');
    const directives = nginx
      .split('\n')
      .map((line) => line.replace(/#.*$/u, '').trim())
      .filter((line) => line !== '');
    expect(directives).toContain(`server ${example.HOST}:${example.PORT};`);
    expect(directives).toContain(`server_name ${new URL(example.PUBLIC_BASE_URL ?? '').host};`);
    // Overwritten with the address nginx saw: the one entry, TRUSTED_PROXY_HOPS=1.
    expect(directives).toContain(`proxy_set_header ${example.CLIENT_IP_HEADER} $remote_addr;`);
    expect(example.TRUSTED_PROXY_HOPS).toBe('1');
  });

  it('the guide links the reference, the unit, the proxy and the tenant files, and has each block a test runs', () => {
    const guide = read('docs/deploy.md');
    for (const link of [
      'environment.md',
      'deploy/shomei-server.service',
      'deploy/nginx.conf',
      'deploy/shomei.env',
      'tenant-config.md',
    ])
      expect(guide).toContain(`](${link}`);
    for (const block of ['install', 'pg-backup', 'pg-restore', 'sqlite-backup', 'copy-to-postgres'])
      expect(guideBlock(guide, block).trim()).not.toBe('');
    expect(() => guideBlock(guide, 'no-such-block')).toThrow('0 blocks fenced');
  });

  it('docs/environment.md is what the generator writes now', () => {
    expect(read('docs/environment.md')).toBe(renderDoc(config.documented, CLI_USAGE));
    expect(mismatches(config.documented, config.read)).toEqual([]);
  });

  it('the generator reads a variable after a feature ID, and keeps the ID', () => {
    const { documented } = readConfig(
      'interface ServerConfig {\n  /** X6: `TENANT_FILE`: one tenant file. */\n  readonly tenantFile?: string;\n}\n',
    );
    expect(documented).toEqual([
      {
        name: 'TENANT_FILE',
        field: 'tenantFile',
        type: 'string',
        description: 'X6: one tenant file.',
      },
    ]);
  });

  it('the generator refuses a variable read without documentation, and documentation of none', () => {
    const source = read('packages/server/src/config.ts')
      .replace('`LOG_LEVEL`: one of', 'One of')
      .replace('env.PORT', 'env.PORT_NUMBER');
    const { documented, read: variables } = readConfig(source);
    expect(mismatches(documented, variables)).toEqual([
      'PORT_NUMBER is read by config.ts but no ServerConfig field documents it ' +
        "(start the field's JSDoc with `PORT_NUMBER`)",
      'LOG_LEVEL is read by config.ts but no ServerConfig field documents it ' +
        "(start the field's JSDoc with `LOG_LEVEL`)",
      'PORT is documented on ServerConfig.port but config.ts never reads it',
    ]);
  });

  it('the unit parser, the check that runs where systemd-analyze does not, finds syntax errors', () => {
    expect(parseUnitFile('[Service]\nExecStart=/bin/true\nExecStart=/bin/false\n')).toEqual({
      Service: { ExecStart: ['/bin/true', '/bin/false'] },
    });
    expect(() => parseUnitFile('ExecStart=/bin/true\n')).toThrow('line 1: ExecStart before any');
    expect(() => parseUnitFile('[Service]\nExecStart /bin/true\n')).toThrow(
      'line 2: not Key=value',
    );
    expect(() => parseUnitFile('[Servce]\n')).toThrow('line 1: unknown section [Servce]');
  });
});
