/**
 * A node that only polls the SFTP queue, in its own process, for the kill -9 test: configuration from the
 * environment; it says 'klaar' on stdout once its context is up, then processes the queue.
 */
import { loadConfig } from '../../src/config.ts';
import { createContext } from '../../src/context.ts';
import { pollSftp } from '../../src/modules/sftp/poller.ts';
import { createLogger } from '../../src/shared/logger.ts';

const ctx = await createContext(loadConfig(process.env), createLogger('silent'));
process.stdout.write(`klaar ${ctx.db.proces.nummer}\n`);
await pollSftp(ctx);
process.stdout.write('verwerkt\n');
setInterval(() => undefined, 60_000);
