/**
 * A notification worker in its own process, for the crash test: the configuration comes from the environment, it
 * polls every 50 ms, and says 'klaar' on stdout once running. The test kills it with SIGKILL mid-delivery.
 */
import { loadConfig } from '../../src/config.ts';
import { createContext } from '../../src/context.ts';
import { maakBezorger } from '../../src/modules/notificaties/index.ts';
import { createLogger } from '../../src/shared/logger.ts';

const ctx = await createContext(loadConfig(process.env), createLogger('silent'));
maakBezorger(ctx).start(50);
process.stdout.write('klaar\n');
setInterval(() => undefined, 60_000);
