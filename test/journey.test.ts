import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm start', () => {
  it('A2–A9, O1–O11: the demo journey runs end to end through the SDK against the mock', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/journey.ts'], {
      cwd: new URL('..', import.meta.url),
      timeout: 60_000,
    });
    for (const milestone of [
      'メールアドレス設定完了',
      '第2パスワードが設定されました',
      'auth_key_wrong, attempts left 4',
      'this device is trusted',
      '窓口受取り',
      'card succeeded',
      '郵送対応完了',
      'completed, ¥',
      'Done: every step above went through @shomei/sdk against @shomei/mock.',
    ]) {
      expect(stdout).toContain(milestone);
    }
  }, 60_000);
});
