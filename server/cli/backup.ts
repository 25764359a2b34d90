// npm run backup -- <file>     a backup of the whole database (uploads included)
// npm run restore -- <file> [--force]   restores it; a database holding data needs --force
// The same DATABASE_URL / QUYTRINH_DATA_DIR / QUYTRINH_DB_SCHEMA as the server. On the embedded
// database stop the server first: PGlite allows one process per data directory.
import { optionsFromEnv } from '../db/connect.ts';
import { QtError } from '../errors.ts';
import { backup, restore } from '../ops/backup.ts';

const [command, ...args] = process.argv.slice(2);
const force = args.includes('--force');
const file = args.find((a) => !a.startsWith('--'));
const db = optionsFromEnv();
const where = db.url ? 'PostgreSQL' : `PGlite (${db.dataDir})`;

if ((command !== 'backup' && command !== 'restore') || !file) {
  console.error('Cách dùng / usage: npm run backup -- <tệp/file>  ·  npm run restore -- <tệp/file> [--force]');
  process.exit(2);
}
try {
  if (command === 'backup') {
    await backup(db, file);
    console.log(`Đã sao lưu ${where} vào ${file}.\nBacked up ${where} to ${file}.`);
  } else {
    await restore(db, file, { force });
    console.log(`Đã khôi phục ${file} vào ${where}. Kiểm tra: npm run audit:verify\nRestored ${file} into ${where}. Check: npm run audit:verify`);
  }
  process.exit(0);
} catch (err) {
  if (err instanceof QtError) {
    const detail = err.details.map((d) => (d as { message?: string }).message).filter(Boolean).join(', ');
    console.error(`${err.code}: ${err.messages.vi}\n${err.code}: ${err.messages.en}${detail ? `\n(${detail})` : ''}`);
  } else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
