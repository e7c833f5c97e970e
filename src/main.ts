/** `npm start`: the embedded server with zero configuration (or whatever the environment says). */
import { serve } from './server.js';

await serve();
