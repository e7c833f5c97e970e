/** Starting and stopping the HTTP server (`npm start`, `sova serve`), with clear messages for bad settings. */
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { drainable } from './platform/http/drain.js';

/** Starts Sova; resolves once it listens. Exits the process with a message on a bad setting. */
export async function serve(env: NodeJS.ProcessEnv = process.env) {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  let built: Awaited<ReturnType<typeof buildApp>>;
  try {
    built = await buildApp({ config });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const variable = config.db.driver === 'postgres' ? 'DATABASE_URL' : 'SOVA_DATA_DIR';
    console.error(`Cannot open the database (${variable}): ${reason}`);
    process.exit(3);
  }
  const { app } = built;
  const drain = drainable(app.server);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE'
        ? `port ${config.port} is already in use`
        : code === 'EACCES'
          ? `no permission to listen on port ${config.port}`
          : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
            ? `address ${config.host} is not available on this machine`
            : (err as Error).message;
    console.error(`Cannot listen (PORT/HOST): ${reason}`);
    await app.close();
    process.exit(4);
  }
  app.log.info(
    {
      url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
      db: config.db.driver,
    },
    'sova ready',
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    // Requests already sent are answered first; then the app closes (jobs, database).
    await drain(5_000);
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return app;
}
