// What deploy/ ships is valid for the tools that read it: systemd's units (systemd-analyze verify
// where systemd is installed, and their settings read here either way) and the Caddyfile.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DEPLOY = new URL('../../deploy/', import.meta.url).pathname;
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/** A unit file's settings by section: `{ Service: { ExecStart: ['…'] } }`. */
function unit(name: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let section = '';
  for (const raw of readFileSync(join(DEPLOY, name), 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const head = /^\[(\w+)\]$/.exec(line);
    if (head) out[(section = head[1]!)] = {};
    else {
      const at = line.indexOf('=');
      (out[section]![line.slice(0, at)] ??= []).push(line.slice(at + 1));
    }
  }
  return out;
}

describe('deploy files', () => {
  it('has a service unit that runs the built server on its instance port, restarts it and keeps it confined', () => {
    const u = unit('quytrinh@.service');
    expect(u.Service!.ExecStart![0]).toMatch(/^\/usr\/bin\/node .*\/opt\/quytrinh\/dist\/server\.js$/);
    expect(u.Service!.Environment!.join(' ')).toContain('PORT=%i');
    expect(u.Service!.Environment!.join(' ')).toContain('HOST=127.0.0.1');
    expect(u.Service).toMatchObject({ EnvironmentFile: ['/etc/quytrinh/quytrinh.env'], Restart: ['on-failure'], KillSignal: ['SIGTERM'], User: ['quytrinh'], NoNewPrivileges: ['yes'], ProtectSystem: ['strict'] });
    expect(u.Install).toEqual({ WantedBy: ['multi-user.target'] });
    const b = unit('quytrinh-backup.service');
    expect(b.Service!.Type).toEqual(['oneshot']);
    expect(b.Service!.ExecStart![0]).toContain('npm run -s backup -- /var/backups/quytrinh/quytrinh-$(date +%%F).backup');
    expect(unit('quytrinh-backup.timer').Timer).toMatchObject({ OnCalendar: ['*-*-* 02:30:00'], Persistent: ['true'] });
  });

  it('passes systemd-analyze verify (or, without systemd, has only settings systemd knows)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qt-units-'));
    try {
      copyFileSync(join(DEPLOY, 'quytrinh@.service'), join(dir, 'quytrinh@3001.service'));
      for (const f of ['quytrinh-backup.service', 'quytrinh-backup.timer']) copyFileSync(join(DEPLOY, f), join(dir, f));
      const files = ['quytrinh@3001.service', 'quytrinh-backup.service', 'quytrinh-backup.timer'].map((f) => join(dir, f));
      if (has('systemd-analyze')) {
        const r = spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8' });
        expect(r.stderr + r.stdout).toBe('');
        expect(r.status).toBe(0);
      } else {
        const known = new Set(['Description', 'Documentation', 'After', 'Wants', 'Type', 'User', 'Group', 'WorkingDirectory', 'EnvironmentFile', 'Environment', 'ExecStart', 'KillSignal', 'TimeoutStopSec', 'Restart', 'RestartSec', 'NoNewPrivileges', 'PrivateTmp', 'ProtectSystem', 'ProtectHome', 'ReadWritePaths', 'StateDirectory', 'LimitNOFILE', 'WantedBy', 'OnCalendar', 'Persistent', 'RandomizedDelaySec']);
        for (const name of ['quytrinh@.service', 'quytrinh-backup.service', 'quytrinh-backup.timer']) {
          for (const settings of Object.values(unit(name))) for (const key of Object.keys(settings)) expect(known, `${name}: ${key}`).toContain(key);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a Caddyfile Caddy accepts, balancing two processes by their readiness and keeping /metrics in', () => {
    const text = readFileSync(join(DEPLOY, 'Caddyfile'), 'utf8');
    expect(text).toContain('health_uri /api/ready');
    expect(text).toContain('127.0.0.1:3001 127.0.0.1:3002');
    expect(text).toMatch(/handle \/metrics \{\s*respond 404/);
    if (has('caddy')) {
      const out = execFileSync('caddy', ['adapt', '--config', join(DEPLOY, 'Caddyfile'), '--adapter', 'caddyfile'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const config = JSON.parse(out);
      const routes = JSON.stringify(config.apps.http.servers);
      expect(routes).toContain('"dial":"127.0.0.1:3001"');
      expect(routes).toContain('"dial":"127.0.0.1:3002"');
      expect(routes).toContain('"uri":"/api/ready"');
    }
  });
});
