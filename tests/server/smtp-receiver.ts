// A real SMTP server in the test process (smtp-server) that keeps every message it receives,
// parsed (mailparser); brought up and down to test delivery while the mail server is away.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { freePort } from '../reliability/server-process.ts';

export interface SmtpReceiver {
  port: number;
  url: string;
  arrived: ParsedMail[];
  running(): boolean;
  up(): Promise<void>;
  down(): Promise<void>;
}

export async function smtpReceiver(): Promise<SmtpReceiver> {
  const port = await freePort();
  let smtp: SMTPServer | null = null;
  const r: SmtpReceiver = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    arrived: [],
    running: () => smtp !== null,
    async up() {
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, _session, done) {
          simpleParser(stream).then((m) => {
            r.arrived.push(m);
            done();
          }, done);
        },
      });
      await new Promise<void>((ok) => smtp!.listen(port, '127.0.0.1', ok));
    },
    down: () => new Promise<void>((ok) => (smtp ? smtp.close(() => ((smtp = null), ok())) : ok())),
  };
  return r;
}
